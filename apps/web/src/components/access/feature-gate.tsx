import { useParams } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { findMembership, isFlagEnabled } from '@/lib/access.ts';
import { useMe } from '@/lib/me.ts';

interface FeatureGateProps {
  flag: string;
  /** The workspace slug; defaults to the workspace of the current route (outside one: the global default). */
  workspace?: string;
  fallback?: ReactNode;
  children: ReactNode;
}

/** Renders children only when the feature flag is on for the workspace (its override, else the global default). */
export function FeatureGate({ flag, workspace, fallback = null, children }: FeatureGateProps) {
  const enabled = useFeatureFlag(flag, workspace);
  return enabled ? children : fallback;
}

export function useFeatureFlag(flag: string, workspace?: string): boolean {
  const params = useParams({ strict: false });
  const me = useMe().data;
  return isFlagEnabled(me, flag, findMembership(me, workspace ?? params.workspace));
}
