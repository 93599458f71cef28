import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { addMember, createWorkspace, signedInUser } from '../../../test/identity-helpers.ts';

type User = Awaited<ReturnType<typeof signedInUser>>;

describe('notes', () => {
  let t: TestApp;
  let owner: User;
  let agent: User;
  let agent2: User;
  let viewer: User;
  let ws: { id: string; slug: string };
  let customerId: string;
  const call = (u: User, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1/w/${ws.slug}${path}`, headers: u.headers, payload });

  beforeAll(async () => {
    t = await createTestApp();
    owner = await signedInUser(t.app);
    agent = await signedInUser(t.app, { name: 'Agent One' });
    agent2 = await signedInUser(t.app);
    viewer = await signedInUser(t.app);
    ws = await createWorkspace(t.app, owner.cookie, 'Notes Co');
    await addMember(t.app, ws.id, agent.id, 'agent');
    await addMember(t.app, ws.id, agent2.id, 'agent');
    await addMember(t.app, ws.id, viewer.id, 'viewer');
    customerId = (await call(owner, 'POST', '/customers', { name: 'Noted' })).json().id;
  });
  afterAll(() => t.close());

  it('a note carries its author and time, lists newest first, and is audited on the customer', async () => {
    const first = await call(agent, 'POST', `/customers/${customerId}/notes`, { body: 'Called about renewal' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ body: 'Called about renewal', author: { id: agent.id, name: 'Agent One' }, canEdit: true, canDelete: true });
    await call(owner, 'POST', `/customers/${customerId}/notes`, { body: 'Second' });
    const list = (await call(viewer, 'GET', `/customers/${customerId}/notes?limit=1`)).json();
    expect(list.items.map((n: { body: string }) => n.body)).toEqual(['Second']);
    expect(list.items[0]).toMatchObject({ canEdit: false, canDelete: false });
    const next = (await call(viewer, 'GET', `/customers/${customerId}/notes?limit=1&cursor=${list.nextCursor}`)).json();
    expect(next.items.map((n: { body: string }) => n.body)).toEqual(['Called about renewal']);
    expect((await call(owner, 'GET', `/customers/${customerId}/timeline`)).json().items[0].action).toBe('note.created');
  });

  it('the author edits and deletes their note; another agent cannot; an owner (scope all) can', async () => {
    const note = (await call(agent, 'POST', `/customers/${customerId}/notes`, { body: 'Mine' })).json();
    expect((await call(agent2, 'PATCH', `/notes/${note.id}`, { body: 'Hijack' })).statusCode).toBe(403);
    expect((await call(agent2, 'DELETE', `/notes/${note.id}`)).statusCode).toBe(403);
    expect((await call(viewer, 'PATCH', `/notes/${note.id}`, { body: 'x' })).statusCode).toBe(403);
    const edited = await call(agent, 'PATCH', `/notes/${note.id}`, { body: 'Mine, edited' });
    expect(edited.json().body).toBe('Mine, edited');
    expect((await call(owner, 'PATCH', `/notes/${note.id}`, { body: 'Owner fix' })).statusCode).toBe(200);
    expect((await call(owner, 'DELETE', `/notes/${note.id}`)).statusCode).toBe(204);
    expect((await call(agent, 'DELETE', `/notes/${note.id}`)).statusCode).toBe(404);
  });

  it('an empty body is a 400 on body.body; notes of an unknown customer are 404', async () => {
    const res = await call(agent, 'POST', `/customers/${customerId}/notes`, { body: '   ' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields[0].field).toBe('body.body');
    expect((await call(agent, 'GET', '/customers/00000000-0000-4000-8000-000000000000/notes')).statusCode).toBe(404);
  });
});
