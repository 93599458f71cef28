import { useParams } from '@tanstack/react-router';
import { defaultMembership, findMembership } from './access.ts';
import { useMe, type Membership } from './me.ts';

/**
 * The workspace the user is working in: the one in the URL (`/w/:workspace/...`), or, on pages outside a workspace
 * (account, admin), the last one used.
 */
export function useCurrentMembership(): Membership | undefined {
  const params = useParams({ strict: false });
  const me = useMe().data;
  if (!me) return undefined;
  return params.workspace ? findMembership(me, params.workspace) : defaultMembership(me);
}
