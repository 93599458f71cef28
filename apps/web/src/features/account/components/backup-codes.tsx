import { Button, Code, CopyButton, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconCheck, IconCopy, IconDownload } from '@tabler/icons-react';

/** Backup codes to save now: they are shown once. */
export function BackupCodes({ codes }: { codes: string[] }) {
  const text = codes.join('\n');
  const download = () => {
    const url = URL.createObjectURL(new Blob([`Grip backup codes\n\n${text}\n`], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'grip-backup-codes.txt';
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Stack gap="xs" data-testid="backup-codes">
      <Text size="sm" c="dimmed">
        Each code signs you in once if you lose your phone. Keep them somewhere safe: they will not be shown again.
      </Text>
      <SimpleGrid cols={2} spacing={6}>
        {codes.map((code) => (
          <Code key={code} ta="center" fz="sm" py={4}>
            {code}
          </Code>
        ))}
      </SimpleGrid>
      <Group gap="xs">
        <CopyButton value={text}>
          {({ copied, copy }) => (
            <Button
              size="xs"
              variant="default"
              onClick={copy}
              leftSection={copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
            >
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
        <Button size="xs" variant="default" onClick={download} leftSection={<IconDownload size={14} aria-hidden />}>
          Download
        </Button>
      </Group>
    </Stack>
  );
}
