import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { apiErrorSchema, errorResponses } from '@grip/contracts/common';
import { confirmWorkspaceDeletionBody, workspaceDeletionSchema } from '@grip/contracts/workspace-deletion';
import type { Storage } from '../../lib/storage.ts';
import { accessOf, auditMetaOf, callerOf, tenantOf } from '../../plugins/auth.ts';
import * as deletion from './workspace-deletion.service.ts';

const errors = { ...errorResponses, 410: apiErrorSchema };
const ws = z.object({ workspace: z.string().min(1).max(60) });
const tags = ['workspace-deletion'];

export interface WorkspaceDeletionRoutesOptions {
  storage: Storage;
  appUrl: string;
  graceHours: number;
}

/**
 * Deleting a workspace: the owner asks (a final archive is prepared by a job), downloads the archive, confirms by
 * typing the name, and the purge runs after the grace period unless cancelled (see docs/operations.md).
 */
export const workspaceDeletionRoutes: FastifyPluginAsyncZod<WorkspaceDeletionRoutesOptions> = async (app, opts) => {
  const base = '/api/v1/w/:workspace/deletion';
  const { storage, graceHours } = opts;

  const sendArchive = (reply: FastifyReply, archive: deletion.ArchiveDownload) =>
    reply
      .header('content-type', 'application/zip')
      .header('content-length', archive.size)
      .header('content-disposition', `attachment; filename="${archive.fileName}"`)
      .header('cache-control', 'private, no-store')
      .send(storage.read(archive.key));

  app.get(base, {
    config: { permission: 'workspace:read' },
    schema: { tags, summary: 'The workspace’s deletion and its state (null when none was requested)', params: ws, response: { 200: workspaceDeletionSchema.nullable(), ...errors } },
  }, async (request) => deletion.getDeletion(app.db.app, tenantOf(request), graceHours));

  app.post(base, {
    config: { permission: 'workspace:delete' },
    schema: {
      tags,
      summary: 'Request the deletion: a final archive of everything is prepared, then offered for download and by email (409 while one is under way)',
      params: ws,
      response: { 202: workspaceDeletionSchema, ...errors },
    },
  }, async (request, reply) => {
    const caller = callerOf(request);
    const made = await deletion.requestDeletion(app.db.app, caller, auditMetaOf(request), graceHours, async (requestedAt) => {
      await app.jobs.utils.addJob('workspace_deletion_archive', { workspaceId: caller.workspaceId, requestedAt }, { jobKey: `workspace-deletion:${caller.workspaceId}`, maxAttempts: 3 });
    });
    return reply.status(202).send(made);
  });

  app.post(`${base}/confirm`, {
    config: { permission: 'workspace:delete' },
    schema: {
      tags,
      summary: 'Confirm the deletion by typing the workspace’s name: it is purged after the grace period (409 until the archive is ready)',
      params: ws,
      body: confirmWorkspaceDeletionBody,
      response: { 200: workspaceDeletionSchema, ...errors },
    },
  }, async (request) => {
    const workspace = accessOf(request).workspace;
    const { deletion: scheduled, recipients } = await deletion.confirmDeletion(app.db.app, callerOf(request), workspace, request.body.name, auditMetaOf(request), graceHours);
    const when = new Date(scheduled.purgeAfter!).toUTCString();
    await Promise.all(
      recipients.map((to) =>
        app.mail
          .send({
            to,
            subject: `The workspace “${workspace.name}” will be deleted on ${when}`,
            text:
              `${scheduled.confirmedBy ?? 'An owner'} confirmed the deletion of the workspace “${workspace.name}”. On ${when} all its data and files will be deleted for good.\n\n` +
              `Until then everything keeps working, and it can be cancelled in Grip: ${opts.appUrl}/w/${encodeURIComponent(workspace.slug)}/settings/danger-zone`,
          })
          .catch((err: unknown) => request.log.error({ err }, 'could not send the deletion notice')),
      ),
    );
    return scheduled;
  });

  app.delete(base, {
    config: { permission: 'workspace:delete' },
    schema: { tags, summary: 'Cancel the deletion (until the purge starts); the archive is removed', params: ws, response: { 200: workspaceDeletionSchema, ...errors } },
  }, async (request) => deletion.cancelDeletion(app.db.app, storage, callerOf(request), auditMetaOf(request), graceHours));

  app.get(`${base}/archive`, {
    config: { permission: 'workspace:delete' },
    schema: { tags, summary: 'Download the final archive (zip of CSV and JSON per table, and the uploaded files)', params: ws, response: { ...errors } },
  }, async (request, reply) => sendArchive(reply, await deletion.archiveForMember(app.db.app, tenantOf(request), accessOf(request).workspace.slug)));

  app.get('/api/v1/workspace-archives/:token', {
    config: { permission: 'public' },
    schema: {
      tags,
      summary: 'Download a final archive by the emailed link (404 unknown, 410 expired, cancelled or deleted)',
      params: z.object({ token: z.string().min(1).max(200) }),
      response: { ...errors },
    },
  }, async (request, reply) => sendArchive(reply, await deletion.archiveForToken(app.db.app, request.params.token)));
};
