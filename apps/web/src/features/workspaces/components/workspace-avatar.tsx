import { Avatar, type AvatarProps } from '@mantine/core';

/** Initials on a colour derived from the name, so each workspace is recognisable at a glance. */
export function WorkspaceAvatar({ name, ...props }: { name: string } & AvatarProps) {
  return <Avatar name={name} color="initials" radius="md" {...props} />;
}
