import { createFileRoute, Outlet } from '@tanstack/react-router';

/** The list and every customer page under one crumb: "Workspace › Customers › Jane Doe". */
export const Route = createFileRoute('/_app/w/$workspace/customers')({
  staticData: { crumb: 'Customers' },
  component: Outlet,
});
