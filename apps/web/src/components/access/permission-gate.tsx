import { useParams } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import type { Permission, Scope } from '@grip/contracts/access';
import { findMembership, hasPermission } from '@/lib/access.ts';
import { useMe } from '@/lib/me.ts';

interface PermissionGateProps {
  permission: Permission;
  /** `all` demands an `all` grant; `own` (or none) is satisfied by any grant. */
  scope?: Scope;
  /** The workspace slug; defaults to the workspace of the current route. */
  workspace?: string;
  /** Rendered instead when the permission is missing (nothing by default). */
  fallback?: ReactNode;
  children: ReactNode;
}

/** Renders children only when the signed-in user's role in the workspace grants the permission. */
export function PermissionGate({ permission, scope, workspace, fallback = null, children }: PermissionGateProps) {
  const allowed = useHasPermission(permission, scope, workspace);
  return allowed ? children : fallback;
}

export function useHasPermission(permission: Permission, scope?: Scope, workspace?: string): boolean {
  const params = useParams({ strict: false });
  const me = useMe().data;
  const membership = findMembership(me, workspace ?? params.workspace);
  return hasPermission(membership?.permissions, permission, scope);
}
