import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, pageOf, pageQuerySchema } from '@grip/contracts/common';
import {
  bulkBody,
  bulkJobSchema,
  countSchema,
  createCustomFieldBody,
  createCustomerBody,
  customFieldSchema,
  customerListQuery,
  customerPageSchema,
  customerSchema,
  duplicateSchema,
  duplicatesQuery,
  mergeCustomersBody,
  timelineEntrySchema,
  updateCustomFieldBody,
  updateCustomerBody,
} from '@grip/contracts/customers';
import { accessOf, auditMetaOf, callerOf, tenantOf } from '../../plugins/auth.ts';
import * as customers from './customers.service.ts';
import * as fields from './custom-fields.service.ts';
import * as bulk from './bulk.service.ts';

const errors = errorResponses;
const ws = z.object({ workspace: z.string().min(1).max(60) });
const one = ws.extend({ customerId: z.uuid() });
const tags = ['customers'];
const filterQuery = customerListQuery.omit({ sort: true, limit: true, cursor: true });

export const customersRoutes: FastifyPluginAsyncZod = async (app) => {
  const base = '/api/v1/w/:workspace';

  app.get(`${base}/customers`, {
    config: { permission: 'customers:read' },
    schema: {
      tags,
      summary: 'Customers: search, filter, sort (keyset pages)',
      description: 'Search `q` matches name, email, phone and company by substring, ignoring case and accents. Lists are comma-separated; `custom` is a JSON object of custom-field conditions; `sort` is e.g. `name,-createdAt` or `custom.tier`. With scope `own` only the caller’s customers are listed.',
      params: ws,
      querystring: customerListQuery,
      response: { 200: customerPageSchema, ...errors },
    },
  }, async (request) => customers.listCustomers(app.db.app, callerOf(request), request.query));

  app.get(`${base}/customers/count`, {
    config: { permission: 'customers:read' },
    schema: { tags, summary: `How many customers match (exact up to ${customers.COUNT_CAP}, then capped)`, params: ws, querystring: filterQuery, response: { 200: countSchema, ...errors } },
  }, async (request) => customers.countCustomers(app.db.app, callerOf(request), request.query));

  app.get(`${base}/customers/duplicates`, {
    config: { permission: 'customers:read' },
    schema: { tags, summary: 'Likely duplicates: same email, same phone or a similar name', params: ws, querystring: duplicatesQuery, response: { 200: z.object({ items: z.array(duplicateSchema) }), ...errors } },
  }, async (request) => customers.findDuplicates(app.db.app, callerOf(request), request.query));

  app.post(`${base}/customers`, {
    config: { permission: 'customers:create' },
    schema: { tags, summary: 'Create a customer (409 email_taken when the email is used)', params: ws, body: createCustomerBody, response: { 201: customerSchema, ...errors } },
  }, async (request, reply) => reply.status(201).send(await customers.createCustomer(app.db.app, callerOf(request), request.body, auditMetaOf(request))));

  app.post(`${base}/customers/merge`, {
    config: { permission: 'customers:merge' },
    schema: { tags, summary: 'Merge a duplicate into another customer, keeping everything of both', params: ws, body: mergeCustomersBody, response: { 200: customerSchema, ...errors } },
  }, async (request) => customers.mergeCustomers(app.db.app, callerOf(request), request.body.primaryId, request.body.secondaryId, auditMetaOf(request)));

  app.post(`${base}/customers/bulk`, {
    config: { permission: 'customers:update' },
    schema: {
      tags,
      summary: 'Change status, owner or tags of, or delete, selected or all matching customers',
      description: `Up to ${bulk.INLINE_LIMIT} ids run at once (the answer is the finished job); larger selections run as a job: poll GET /bulk-jobs/{jobId}.`,
      params: ws,
      body: bulkBody,
      response: { 202: bulkJobSchema, ...errors },
    },
  }, async (request, reply) => {
    const caller = callerOf(request);
    const job = await bulk.startBulk(app.db.app, caller, accessOf(request).grants, request.body, async (jobId) => {
      await app.jobs.utils.addJob('customers_bulk', { workspaceId: caller.workspaceId, jobId }, { jobKey: `bulk:${jobId}`, maxAttempts: 3 });
    });
    return reply.status(202).send(job);
  });

  app.get(`${base}/bulk-jobs/:jobId`, {
    config: { permission: 'customers:read' },
    schema: { tags, summary: 'Progress of a bulk change', params: ws.extend({ jobId: z.uuid() }), response: { 200: bulkJobSchema, ...errors } },
  }, async (request) => bulk.getBulkJob(app.db.app, callerOf(request), request.params.jobId));

  app.get(`${base}/bulk-jobs/:jobId/errors.csv`, {
    config: { permission: 'customers:read' },
    schema: { tags, summary: 'The rows a bulk change could not apply to, with the reason (CSV)', params: ws.extend({ jobId: z.uuid() }), response: { 200: z.string(), ...errors } },
  }, async (request, reply) => {
    const csv = await bulk.bulkErrorsCsv(app.db.app, callerOf(request), request.params.jobId);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="bulk-${request.params.jobId}-errors.csv"`)
      .send(csv);
  });

  app.get(`${base}/customers/:customerId`, {
    config: { permission: 'customers:read' },
    schema: { tags, summary: 'A customer (trashed ones too, with deletedAt)', params: one, response: { 200: customerSchema, ...errors } },
  }, async (request) => customers.getCustomer(app.db.app, callerOf(request), request.params.customerId));

  app.patch(`${base}/customers/:customerId`, {
    config: { permission: 'customers:update' },
    schema: { tags, summary: 'Edit a customer; a stale version gets 409 version_conflict with the current record', params: one, body: updateCustomerBody, response: { 200: customerSchema, ...errors } },
  }, async (request) => customers.updateCustomer(app.db.app, callerOf(request), request.params.customerId, request.body, auditMetaOf(request)));

  app.delete(`${base}/customers/:customerId`, {
    config: { permission: 'customers:delete' },
    schema: { tags, summary: `Move a customer to the trash (purged after ${customers.TRASH_RETENTION_DAYS} days)`, params: one, response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await customers.trashCustomer(app.db.app, callerOf(request), request.params.customerId, auditMetaOf(request));
    return reply.status(204).send(null);
  });

  app.post(`${base}/customers/:customerId/restore`, {
    config: { permission: 'customers:delete' },
    schema: { tags, summary: 'Restore a customer from the trash', params: one, response: { 200: customerSchema, ...errors } },
  }, async (request) => customers.restoreCustomer(app.db.app, callerOf(request), request.params.customerId, auditMetaOf(request)));

  app.get(`${base}/customers/:customerId/timeline`, {
    config: { permission: 'customers:read' },
    schema: { tags, summary: 'What happened to a customer, newest first (from the audit log)', params: one, querystring: pageQuerySchema, response: { 200: pageOf(timelineEntrySchema), ...errors } },
  }, async (request) => customers.timeline(app.db.app, callerOf(request), request.params.customerId, request.query));

  app.get(`${base}/customer-fields`, {
    config: { permission: 'customers:read' },
    schema: { tags, summary: 'Custom fields of the workspace', params: ws, response: { 200: z.object({ items: z.array(customFieldSchema) }), ...errors } },
  }, async (request) => fields.listCustomFields(app.db.app, tenantOf(request)));

  app.post(`${base}/customer-fields`, {
    config: { permission: 'customers:configure' },
    schema: { tags, summary: 'Define a custom field', params: ws, body: createCustomFieldBody, response: { 201: customFieldSchema, ...errors } },
  }, async (request, reply) => reply.status(201).send(await fields.createCustomField(app.db.app, tenantOf(request), request.body, auditMetaOf(request))));

  app.patch(`${base}/customer-fields/:fieldId`, {
    config: { permission: 'customers:configure' },
    schema: { tags, summary: 'Rename, change options, required or position', params: ws.extend({ fieldId: z.uuid() }), body: updateCustomFieldBody, response: { 200: customFieldSchema, ...errors } },
  }, async (request) => fields.updateCustomField(app.db.app, tenantOf(request), request.params.fieldId, request.body, auditMetaOf(request)));

  app.delete(`${base}/customer-fields/:fieldId`, {
    config: { permission: 'customers:configure' },
    schema: { tags, summary: 'Delete a custom field and its values', params: ws.extend({ fieldId: z.uuid() }), response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await fields.deleteCustomField(app.db.app, tenantOf(request), request.params.fieldId, auditMetaOf(request));
    return reply.status(204).send(null);
  });
};
