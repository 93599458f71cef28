import { notifications } from '@mantine/notifications';
import { isApiError } from './api.ts';

/** Toasts. One place decides how success and failure look, so every feature reports the same way. */
export function notifySuccess(message: string, title?: string): void {
  notifications.show({ color: 'teal', title, message, autoClose: 3000 });
}

export function notifyError(error: unknown, title = 'Something went wrong'): void {
  const message = isApiError(error) || error instanceof Error ? error.message : 'An unexpected error occurred.';
  notifications.show({ color: 'red', title, message, autoClose: 6000 });
}
