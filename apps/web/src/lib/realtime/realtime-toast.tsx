import { Anchor, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { MouseEvent } from 'react';

export interface ToastContent {
  id: string;
  title: string;
  body: string;
  open: () => void;
}

/** A new notification as a toast: a click on it (or on "Open", for the keyboard) opens what it is about. */
export function showNotificationToast({ id, title, body, open }: ToastContent): void {
  const toastId = `notification-${id}`;
  const openAndHide = () => {
    notifications.hide(toastId);
    open();
  };
  notifications.show({
    id: toastId,
    title,
    color: 'blue',
    autoClose: 8000,
    style: { cursor: 'pointer' },
    'data-testid': 'notification-toast',
    // The close button is a button too: only clicks outside buttons open.
    onClick: (event: MouseEvent<HTMLDivElement>) => {
      if (!(event.target instanceof Element) || !event.target.closest('button')) openAndHide();
    },
    message: (
      <Stack gap={2} align="flex-start">
        {body && <Text size="sm">{body}</Text>}
        <Anchor component="button" type="button" size="sm" onClick={openAndHide} data-testid="notification-toast-open">
          Open
        </Anchor>
      </Stack>
    ),
  });
}
