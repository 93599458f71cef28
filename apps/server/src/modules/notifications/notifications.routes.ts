import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '@grip/contracts/common';
import {
  notificationListQuery,
  notificationPageSchema,
  notificationPreferencesSchema,
  unreadCountSchema,
  updateNotificationPreferencesBody,
} from '@grip/contracts/notifications';
import { accessOf, callerOf } from '../../plugins/auth.ts';
import * as notifications from './notifications.service.ts';

const errors = errorResponses;
const ws = z.object({ workspace: z.string().min(1).max(60) });
const tags = ['notifications'];

/** The caller's own notifications in a workspace: any member may read and manage theirs. */
export const notificationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const base = '/api/v1/w/:workspace';
  app.get(`${base}/notifications`, {
    config: { permission: 'workspace:read' },
    schema: { tags, summary: 'Your notifications, newest first, with the unread count', params: ws, querystring: notificationListQuery, response: { 200: notificationPageSchema, ...errors } },
  }, async (request) => notifications.listNotifications(app.db.app, callerOf(request), accessOf(request).workspace.slug, request.query));

  app.get(`${base}/notifications/unread-count`, {
    config: { permission: 'workspace:read' },
    schema: { tags, summary: 'How many of your notifications are unread', params: ws, response: { 200: unreadCountSchema, ...errors } },
  }, async (request) => ({ unread: await notifications.unreadCount(app.db.app, callerOf(request)) }));

  app.post(`${base}/notifications/read-all`, {
    config: { permission: 'workspace:read' },
    schema: { tags, summary: 'Mark all your notifications read', params: ws, response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await notifications.markAllRead(app.db.app, callerOf(request));
    return reply.status(204).send(null);
  });

  app.post(`${base}/notifications/:notificationId/read`, {
    config: { permission: 'workspace:read' },
    schema: { tags, summary: 'Mark one notification read', params: ws.extend({ notificationId: z.uuid() }), response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await notifications.markRead(app.db.app, callerOf(request), request.params.notificationId);
    return reply.status(204).send(null);
  });

  app.get(`${base}/notification-preferences`, {
    config: { permission: 'workspace:read' },
    schema: { tags, summary: 'Your in-app and email switches per kind of notification', params: ws, response: { 200: notificationPreferencesSchema, ...errors } },
  }, async (request) => ({ items: await notifications.getPreferences(app.db.app, callerOf(request)) }));

  app.put(`${base}/notification-preferences`, {
    config: { permission: 'workspace:read' },
    schema: { tags, summary: 'Change your notification preferences', params: ws, body: updateNotificationPreferencesBody, response: { 200: notificationPreferencesSchema, ...errors } },
  }, async (request) => ({ items: await notifications.setPreferences(app.db.app, callerOf(request), request.body.items) }));
};
