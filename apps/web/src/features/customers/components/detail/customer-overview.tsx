import { Anchor, Badge, Card, Group, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Customer } from '@grip/contracts/customers';
import { QueryError } from '@/components/ui/query-error.tsx';
import { formatDate, formatDateTime } from '@/lib/format.ts';
import { useCustomFields } from '../../api/fields.ts';
import { displayCustomValue, STATUS_LABELS } from '../form/customer-form-values.ts';

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Stack gap={2} miw={0} data-testid={testId}>
      <Text size="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      <Text size="sm" component="div" style={{ overflowWrap: 'anywhere' }}>
        {children || '—'}
      </Text>
    </Stack>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="md">
      <Title order={3} fz="sm" fw={600} mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}

/** Everything known about a customer: contact, address, custom fields and record dates. */
export function CustomerOverview({ workspace, customer }: { workspace: string; customer: Customer }) {
  const fields = useCustomFields(workspace);
  const address = customer.address;
  return (
    <Stack gap="md" data-testid="customer-overview">
      <Section title="Details">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md" verticalSpacing="md">
          <Fact label="Kind">{customer.kind === 'company' ? 'Company' : 'Person'}</Fact>
          <Fact label="Status">{STATUS_LABELS[customer.status]}</Fact>
          <Fact label="Email">{customer.email && <Anchor href={`mailto:${customer.email}`}>{customer.email}</Anchor>}</Fact>
          <Fact label="Phone">{customer.phone && <Anchor href={`tel:${customer.phone}`}>{customer.phone}</Anchor>}</Fact>
          {customer.kind === 'person' && <Fact label="Company">{customer.company}</Fact>}
          <Fact label="Owner">{customer.owner?.name}</Fact>
          <Fact label="Tags">
            {customer.tags.length > 0 && (
              <Group gap={4}>
                {customer.tags.map((tag) => (
                  <Badge key={tag} variant="light" color="gray" size="sm">
                    {tag}
                  </Badge>
                ))}
              </Group>
            )}
          </Fact>
          <Fact label="Created">{formatDateTime(customer.createdAt)}</Fact>
          <Fact label="Updated">{formatDateTime(customer.updatedAt)}</Fact>
        </SimpleGrid>
      </Section>
      <Section title="Address">
        {address && Object.values(address).some(Boolean) ? (
          <Text size="sm" component="address" fs="normal" data-testid="customer-address">
            {[address.line1, address.line2, [address.postalCode, address.city].filter(Boolean).join(' '), address.region, address.country]
              .filter(Boolean)
              .map((line, index) => (
                <div key={index}>{line}</div>
              ))}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            No address.
          </Text>
        )}
      </Section>
      <Section title="Custom fields">
        {fields.isPending ? (
          <Skeleton height={40} />
        ) : fields.isError ? (
          <QueryError title="Custom fields could not be loaded" error={fields.error} onRetry={() => void fields.refetch()} />
        ) : fields.data.length === 0 ? (
          <Text size="sm" c="dimmed">
            This workspace has no custom fields.
          </Text>
        ) : (
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md" verticalSpacing="md" data-testid="customer-custom-fields">
            {fields.data.map((field) => {
              const value = customer.custom[field.key];
              return (
                <Fact key={field.id} label={field.label} testId={`custom-value-${field.key}`}>
                  {field.type === 'date' && typeof value === 'string' && value !== ''
                    ? formatDate(`${value}T00:00:00`)
                    : displayCustomValue(field, value).replace(/^—$/, '')}
                </Fact>
              );
            })}
          </SimpleGrid>
        )}
      </Section>
    </Stack>
  );
}
