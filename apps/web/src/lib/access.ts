import type { Grants, Permission, Scope } from '@grip/contracts/access';
import type { Me, Membership } from './me.ts';

/**
 * Whether grants include a permission. Asking for `own` is satisfied by `own` or `all`; asking for `all` needs `all`.
 * No scope asked: any grant will do.
 */
export function hasPermission(grants: Grants | undefined, permission: Permission, scope?: Scope): boolean {
  const granted = grants?.[permission];
  if (!granted) return false;
  return scope !== 'all' || granted === 'all';
}

export function findMembership(me: Me | null | undefined, slug: string | undefined): Membership | undefined {
  if (!me || !slug) return undefined;
  return me.memberships.find((m) => m.workspace.slug === slug);
}

/** A flag's value in a workspace: its override when there is one, otherwise the global default. */
export function isFlagEnabled(me: Me | null | undefined, flag: string, membership?: Membership): boolean {
  const own = membership?.flags[flag];
  if (own !== undefined) return own;
  return me?.flags[flag] ?? false;
}

const LAST_WORKSPACE_KEY = 'grip-last-workspace';

export function rememberWorkspace(slug: string): void {
  try {
    localStorage.setItem(LAST_WORKSPACE_KEY, slug);
  } catch {
    // Storage can be blocked; the first membership is a fine fallback.
  }
}

function lastWorkspaceSlug(): string | null {
  try {
    return localStorage.getItem(LAST_WORKSPACE_KEY);
  } catch {
    return null;
  }
}

/** The workspace to open when none is named: the last one used, if still a member, else the first membership. */
export function defaultMembership(me: Me): Membership | undefined {
  return findMembership(me, lastWorkspaceSlug() ?? undefined) ?? me.memberships[0];
}
