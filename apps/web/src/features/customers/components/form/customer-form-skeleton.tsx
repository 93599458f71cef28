import { Skeleton, Stack } from '@mantine/core';

/** The form's shape while the custom fields it needs are loading. */
export function CustomerFormSkeleton() {
  return (
    <Stack gap="md" data-testid="customer-form-loading" aria-busy>
      <Skeleton height={36} />
      {[0, 1, 2, 3].map((i) => (
        <Stack key={i} gap={6}>
          <Skeleton height={12} width="30%" />
          <Skeleton height={36} />
        </Stack>
      ))}
    </Stack>
  );
}
