import { ActionIcon, Badge, Button, Code, CopyButton, Group, Modal, PinInput, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useState } from 'react';
import { FormError } from '@/components/ui/form-error.tsx';
import { notifySuccess } from '@/lib/notify.ts';
import {
  useConfirmTwoFactor,
  useDisableTwoFactor,
  useRegenerateBackupCodes,
  useStartTwoFactor,
  type TwoFactorSetup,
} from '../api/two-factor.ts';
import { BackupCodes } from './backup-codes.tsx';
import { PasswordPrompt } from './password-prompt.tsx';
import { SectionCard } from './section-card.tsx';

type Dialog = 'enable' | 'disable' | 'backup-codes' | null;

export function TwoFactorCard({ enabled }: { enabled: boolean }) {
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  return (
    <SectionCard
      title="Two-factor authentication"
      description="Ask for a code from an authenticator app (1Password, Google Authenticator, Authy…) when signing in."
      badge={
        <Badge color={enabled ? 'teal' : 'gray'} data-testid="two-factor-status">
          {enabled ? 'On' : 'Off'}
        </Badge>
      }
      id="two-factor"
      data-testid="account-two-factor"
    >
      <Group justify="flex-end" gap="xs">
        {enabled ? (
          <>
            <Button variant="default" onClick={() => setDialog('backup-codes')}>
              New backup codes
            </Button>
            <Button color="red" variant="light" onClick={() => setDialog('disable')} data-testid="two-factor-disable">
              Turn off
            </Button>
          </>
        ) : (
          <Button onClick={() => setDialog('enable')} data-testid="two-factor-enable">
            Turn on
          </Button>
        )}
      </Group>
      <Modal opened={dialog === 'enable'} onClose={close} title="Turn on two-factor authentication" size="md">
        <EnableFlow onDone={close} />
      </Modal>
      <Modal opened={dialog === 'disable'} onClose={close} title="Turn off two-factor authentication">
        <DisableFlow onDone={close} />
      </Modal>
      <Modal opened={dialog === 'backup-codes'} onClose={close} title="New backup codes">
        <RegenerateFlow onDone={close} />
      </Modal>
    </SectionCard>
  );
}

function EnableFlow({ onDone }: { onDone: () => void }) {
  const start = useStartTwoFactor();
  const [setup, setSetup] = useState<TwoFactorSetup | null>(null);
  if (!setup) {
    return (
      <PasswordPrompt
        intro="Confirm it is you. Next you will add Grip to your authenticator app."
        submitLabel="Continue"
        loading={start.isPending}
        error={start.error?.message ?? null}
        onSubmit={(password) => start.mutate(password, { onSuccess: setSetup })}
        onCancel={onDone}
      />
    );
  }
  return <ConfirmSetup setup={setup} onDone={onDone} />;
}

/** The otpauth URI's secret, for apps where it is typed in by hand. */
function secretOf(totpURI: string): string | null {
  try {
    return new URL(totpURI).searchParams.get('secret');
  } catch {
    return null;
  }
}

function ConfirmSetup({ setup, onDone }: { setup: TwoFactorSetup; onDone: () => void }) {
  const confirm = useConfirmTwoFactor();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const secret = secretOf(setup.totpURI);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!/^\d{6}$/.test(code)) {
      setError('Enter the 6-digit code your app shows.');
      return;
    }
    setError(null);
    confirm.mutate(code, {
      onSuccess: () => {
        notifySuccess('You will be asked for a code when you sign in.', 'Two-factor authentication is on');
        onDone();
      },
      onError: (err) => setError(err.message),
    });
  };
  return (
    <form onSubmit={submit} noValidate data-testid="two-factor-setup">
      <Stack gap="lg">
        <Stack gap="xs">
          <Text size="sm" fw={600}>
            1. Add Grip to your authenticator app
          </Text>
          <Text size="sm" c="dimmed">
            Open the link on this device, or copy the setup key into the app.
          </Text>
          <Group gap={6} wrap="nowrap" align="flex-start">
            <Code block fz="xs" style={{ flex: 1, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }} data-testid="totp-uri">
              {setup.totpURI}
            </Code>
            <CopyButton value={setup.totpURI}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? 'Copied' : 'Copy link'}>
                  <ActionIcon onClick={copy} variant="default" size="lg" aria-label="Copy setup link">
                    {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
                  </ActionIcon>
                </Tooltip>
              )}
            </CopyButton>
          </Group>
          {secret && (
            <Text size="sm">
              Setup key: <Code data-testid="totp-secret">{secret.replace(/(.{4})/g, '$1 ').trim()}</Code>
            </Text>
          )}
          <Button component="a" href={setup.totpURI} variant="light" size="xs" w="fit-content">
            Open in authenticator app
          </Button>
        </Stack>
        <Stack gap="xs">
          <Text size="sm" fw={600}>
            2. Save your backup codes
          </Text>
          <BackupCodes codes={setup.backupCodes} />
        </Stack>
        <Stack gap="xs">
          <Text size="sm" fw={600}>
            3. Enter the code from the app
          </Text>
          <PinInput length={6} type="number" oneTimeCode value={code} onChange={setCode} ariaLabel="Authentication code" error={Boolean(error)} />
          <FormError>{error}</FormError>
        </Stack>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={confirm.isPending} data-testid="two-factor-confirm">
            Turn on
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function DisableFlow({ onDone }: { onDone: () => void }) {
  const disable = useDisableTwoFactor();
  return (
    <PasswordPrompt
      intro="Signing in will only need your password. Your backup codes stop working."
      submitLabel="Turn off"
      color="red"
      loading={disable.isPending}
      error={disable.error?.message ?? null}
      onSubmit={(password) =>
        disable.mutate(password, {
          onSuccess: () => {
            notifySuccess('Two-factor authentication is off');
            onDone();
          },
        })
      }
      onCancel={onDone}
    />
  );
}

function RegenerateFlow({ onDone }: { onDone: () => void }) {
  const regenerate = useRegenerateBackupCodes();
  if (regenerate.data) {
    return (
      <Stack gap="md">
        <BackupCodes codes={regenerate.data} />
        <Group justify="flex-end">
          <Button onClick={onDone}>Done</Button>
        </Group>
      </Stack>
    );
  }
  return (
    <PasswordPrompt
      intro="Your old backup codes stop working as soon as new ones are made."
      submitLabel="Make new codes"
      loading={regenerate.isPending}
      error={regenerate.error?.message ?? null}
      onSubmit={(password) => regenerate.mutate(password)}
      onCancel={onDone}
    />
  );
}
