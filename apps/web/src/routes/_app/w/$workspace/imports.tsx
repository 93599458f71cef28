import { createFileRoute, Outlet } from '@tanstack/react-router';

/** The history and every import's wizard under one crumb: "Workspace › Imports › customers.csv". */
export const Route = createFileRoute('/_app/w/$workspace/imports')({
  staticData: { crumb: 'Imports' },
  component: Outlet,
});
