import { Breadcrumbs as MantineBreadcrumbs, Box, Text } from '@mantine/core';
import { IconChevronRight } from '@tabler/icons-react';
import { useMatches } from '@tanstack/react-router';
import { RouterAnchor } from '@/components/ui/link.tsx';

export interface Crumb {
  id: string;
  label: string;
  pathname: string;
}

/** A crumb comes from the route's `staticData.crumb`, or from its loader data's `crumb` when it is dynamic. */
function crumbOf(match: { staticData: { crumb?: string }; loaderData?: unknown }): string | undefined {
  const fromLoader =
    typeof match.loaderData === 'object' && match.loaderData !== null && 'crumb' in match.loaderData
      ? match.loaderData.crumb
      : undefined;
  return typeof fromLoader === 'string' ? fromLoader : match.staticData.crumb;
}

/** The trail of the current page, from the matched routes. */
export function useCrumbs(): Crumb[] {
  return useMatches({
    select: (matches) =>
      matches.flatMap((match): Crumb[] => {
        const label = crumbOf(match);
        const crumb = label ? [{ id: match.id, label, pathname: match.pathname }] : [];
        // `_notFound` marks the match whose Outlet renders the 404 (the typed flag the router's Outlet reads).
        return match._notFound ? [...crumb, { id: `${match.id}/not-found`, label: 'Page not found', pathname: '' }] : crumb;
      }),
    structuralSharing: true,
  });
}

export function Breadcrumbs({ crumbs, visibleFrom }: { crumbs: Crumb[]; visibleFrom?: 'xs' | 'sm' }) {
  return (
    <Box component="nav" aria-label="Breadcrumb" data-testid="breadcrumbs" visibleFrom={visibleFrom} miw={0}>
      <MantineBreadcrumbs separator={<IconChevronRight size={14} stroke={1.7} aria-hidden />} separatorMargin={6}>
        {crumbs.map((crumb, index) =>
          index === crumbs.length - 1 ? (
            <Text key={crumb.id} size="sm" fw={500} aria-current="page" truncate>
              {crumb.label}
            </Text>
          ) : (
            <RouterAnchor key={crumb.id} to={crumb.pathname} size="sm" c="dimmed">
              {crumb.label}
            </RouterAnchor>
          ),
        )}
      </MantineBreadcrumbs>
    </Box>
  );
}
