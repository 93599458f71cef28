import { Alert } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** A form's error that belongs to no single field (wrong password, rate limit, server down). */
export function FormError({ children, title, 'data-testid': testId }: { children: ReactNode; title?: string; 'data-testid'?: string }) {
  if (!children) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={18} aria-hidden />} title={title} role="alert" data-testid={testId}>
      {children}
    </Alert>
  );
}
