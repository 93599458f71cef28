import { Badge, Button, Group, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { Me } from '@grip/contracts/identity';
import { FormError } from '@/components/ui/form-error.tsx';
import { useZodForm } from '@/lib/form.ts';
import { notifySuccess } from '@/lib/notify.ts';
import { profileSchema, useUpdateProfile } from '../api/profile.ts';
import { SectionCard } from './section-card.tsx';

export function ProfileCard({ user }: { user: Me['user'] }) {
  const form = useZodForm(profileSchema, { name: user.name });
  const update = useUpdateProfile();
  const [error, setError] = useState<string | null>(null);
  const submit = form.onSubmit((data) => {
    setError(null);
    update.mutate(data, {
      onSuccess: () => notifySuccess('Your name was saved'),
      onError: (err) => setError(form.applyServerError(err)),
    });
  });
  return (
    <SectionCard title="Profile" description="How you appear to your colleagues." data-testid="account-profile">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError>{error}</FormError>
          <TextInput label="Name" autoComplete="name" required {...form.textProps('name')} />
          <TextInput
            label="Email"
            value={user.email}
            readOnly
            rightSectionWidth={90}
            rightSection={
              <Badge color={user.emailVerified ? 'teal' : 'yellow'} size="sm">
                {user.emailVerified ? 'Verified' : 'Unverified'}
              </Badge>
            }
          />
          <Group justify="flex-end">
            <Button type="submit" loading={update.isPending} disabled={form.values.name.trim() === user.name}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </SectionCard>
  );
}
