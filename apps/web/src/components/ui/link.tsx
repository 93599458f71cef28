import { Anchor, Button, NavLink, type AnchorProps, type ButtonProps, type NavLinkProps } from '@mantine/core';
import { createLink } from '@tanstack/react-router';
import type { ComponentPropsWithRef } from 'react';

// Mantine components rendered as router links: typed `to`/`params`, preloading, and `data-status="active"`.
type AsAnchor<P> = P & Omit<ComponentPropsWithRef<'a'>, keyof P>;

function AnchorBase(props: AsAnchor<AnchorProps>) {
  return <Anchor {...props} />;
}
function ButtonBase(props: AsAnchor<ButtonProps>) {
  return <Button component="a" {...props} />;
}
function NavLinkBase(props: AsAnchor<NavLinkProps>) {
  return <NavLink component="a" {...props} />;
}

export const RouterAnchor = createLink(AnchorBase);
export const RouterButton = createLink(ButtonBase);
export const RouterNavLink = createLink(NavLinkBase);
