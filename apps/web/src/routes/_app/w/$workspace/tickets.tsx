import { createFileRoute, Outlet } from '@tanstack/react-router';

/** The board, the list and every ticket page under one crumb: "Workspace › Tickets › #1042". */
export const Route = createFileRoute('/_app/w/$workspace/tickets')({
  staticData: { crumb: 'Tickets' },
  component: Outlet,
});
