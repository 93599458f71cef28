import { Alert, Anchor, Button, Group, Modal, Progress, Stack, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
import { bulkErrorsUrl, isBulkJobActive, useBulkJob, useStartBulk, type BulkEndpoints, type BulkJobEndpoints, type BulkJobLike } from './bulk-api.ts';

/** Starts bulk changes and follows their jobs: the latest in a dialog, those sent to the background until they end. */
export function useBulkChange<Body, Job extends BulkJobLike>(endpoints: BulkEndpoints<Body, Job>) {
  const start = useStartBulk(endpoints);
  const [shown, setShown] = useState<Job | null>(null);
  // Jobs whose dialog was closed while they ran: still followed, so the list refreshes when each one ends.
  const [background, setBackground] = useState<Job[]>([]);
  return {
    endpoints,
    isPending: start.isPending,
    /** Starts a change; `onStarted` runs once the server has it (to clear the selection, close a confirmation). */
    run: (body: Body, onStarted: () => void) =>
      start.mutate(body, {
        onSuccess: (job) => {
          setShown(job);
          onStarted();
        },
        onError: (error) => notifyError(error, 'Could not start the change'),
      }),
    shown,
    /** The dialog was closed; a job still running goes on in the background. */
    closeShown: (runningOn: Job | null) => {
      if (runningOn) setBackground((jobs) => [...jobs, runningOn]);
      setShown(null);
    },
    background,
    ended: (jobId: string) => setBackground((jobs) => jobs.filter((job) => job.id !== jobId)),
  };
}

interface BulkJobsProps<Body, Job extends BulkJobLike> {
  change: ReturnType<typeof useBulkChange<Body, Job>>;
  /** What the job does, e.g. "Changing the status to Active". */
  describe: (action: Job['action']) => string;
  /** The records, plural: "customers". */
  noun: string;
}

/** The dialog of the latest bulk job, and the followers of those running in the background. */
export function BulkJobs<Body, Job extends BulkJobLike>({ change, describe, noun }: BulkJobsProps<Body, Job>) {
  return (
    <>
      {change.shown && <BulkJobModal endpoints={change.endpoints} started={change.shown} describe={describe} noun={noun} onClose={change.closeShown} />}
      {change.background.map((running) => (
        <BackgroundJob key={running.id} endpoints={change.endpoints} started={running} noun={noun} onEnd={() => change.ended(running.id)} />
      ))}
    </>
  );
}

/** Follows a job after its dialog was closed; when it ends, the list has refreshed (useBulkJob) and a toast says so. */
function BackgroundJob<Job extends BulkJobLike>({ endpoints, started, noun, onEnd }: { endpoints: BulkJobEndpoints<Job>; started: Job; noun: string; onEnd: () => void }) {
  const job = useBulkJob(endpoints, started).data ?? started;
  const ended = !isBulkJobActive(job);
  useEffect(() => {
    if (!ended) return;
    if (job.status === 'failed' || job.failed > 0) {
      notifyError(new Error(`${job.failed.toLocaleString()} of ${job.total.toLocaleString()} ${noun} could not be changed.`), 'Bulk change finished with errors');
    } else {
      notifySuccess(`${job.total.toLocaleString()} ${noun} changed.`, 'Bulk change done');
    }
    // Unmounts this follower: the effect runs once per job.
    onEnd();
  }, [ended, job, noun, onEnd]);
  return null;
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A bulk job's progress (polled while it runs), then what came of it, with the failures to download. */
function BulkJobModal<Job extends BulkJobLike>({
  endpoints,
  started,
  describe,
  noun,
  onClose,
}: {
  endpoints: BulkJobEndpoints<Job>;
  started: Job;
  describe: (action: Job['action']) => string;
  noun: string;
  onClose: (runningOn: Job | null) => void;
}) {
  const queryClient = useQueryClient();
  const query = useBulkJob(endpoints, started);
  const job = query.data ?? started;
  const active = isBulkJobActive(job);
  // A job over a filter learns its total only once it starts: until then the bar just moves.
  const counting = active && job.total === 0;
  const percent = job.total > 0 ? Math.round((job.processed / job.total) * 100) : 100;
  const succeeded = Math.max(0, job.processed - job.failed);

  const close = () => {
    // Closed while still running: the list catches up with what is done so far, and again when the job ends.
    if (active) void queryClient.invalidateQueries({ queryKey: endpoints.recordsKey });
    onClose(active ? job : null);
  };

  return (
    <Modal opened onClose={close} title={active ? 'Working…' : job.status === 'failed' ? 'Bulk change failed' : 'Bulk change done'} data-testid="bulk-job-modal">
      <Stack gap="md">
        <Text size="sm">{describe(job.action)}</Text>
        <Progress
          value={percent}
          animated={active}
          striped={active}
          color={job.status === 'failed' ? 'red' : job.failed > 0 && !active ? 'orange' : undefined}
          size="lg"
          aria-label="Progress"
          data-testid="bulk-job-progress"
        />
        <Text size="sm" c="dimmed" role="status" data-testid="bulk-job-status">
          {counting
            ? `Finding the ${noun}…`
            : active
              ? `${job.processed.toLocaleString()} of ${job.total.toLocaleString()} processed`
              : `${succeeded.toLocaleString()} of ${job.total.toLocaleString()} ${noun} changed${job.failed > 0 ? `, ${job.failed.toLocaleString()} failed` : ''}.`}
        </Text>
        {query.isError && <Alert color="red">Cannot read the job's progress: {query.error.message}</Alert>}
        {job.status === 'failed' && (
          <Alert color="red" variant="light">
            The job stopped before it finished. {capitalised(noun)} already processed keep their changes.
          </Alert>
        )}
        {!active && job.failed > 0 && (
          <Anchor href={bulkErrorsUrl(endpoints, job.id)} download size="sm" data-testid="bulk-job-errors">
            <Group gap={4} component="span">
              <IconDownload size={14} aria-hidden />
              Download the {job.failed.toLocaleString()} failures (CSV)
            </Group>
          </Anchor>
        )}
        <Group justify="flex-end">
          <Button variant={active ? 'default' : 'filled'} onClick={close} data-testid="bulk-job-close">
            {active ? 'Run in background' : 'Close'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
