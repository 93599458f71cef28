/**
 * Realistic, deterministic helpdesk demo data for an insurance broker: claims, policy changes, billing questions,
 * documents, renewals and cancellations, each with a thread of replies and internal notes. Used by the demo seed
 * (about 300 tickets) and by the tickets benchmark (titles and descriptions of 200,000, streamed to COPY).
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { DEFAULT_SLA, type Priority } from '@grip/contracts/tickets';
import { prng } from './demo-crm.ts';

type Source = 'staff' | 'portal' | 'email' | 'api';
type Rnd = ReturnType<typeof prng>;

interface Topic {
  weight: number;
  /** Picked from uniformly: repeat an entry to weight it. */
  priorities: readonly Priority[];
  /** Title and description of each kind of request. */
  cases: ReadonlyArray<readonly [string, string]>;
  /** Public replies to the customer, in the order a thread would use them. */
  replies: readonly string[];
  /** Internal notes between colleagues. */
  notes: readonly string[];
  /** The last public reply of a resolved ticket. */
  closings: readonly string[];
}

const TOPICS: readonly Topic[] = [
  {
    // Claims: the reason most people call their broker, and the most urgent.
    weight: 30,
    priorities: ['urgent', 'high', 'high', 'high', 'normal', 'normal'],
    cases: [
      ['Water damage in the kitchen — claim on home policy {policy}', 'The dishwasher hose burst while the customer was away. Floor and two cabinets are damaged; photos and the repair estimate of {amount} are promised today. {carrier} needs the claim form within 14 days.'],
      ['Rear-end collision on the {road}: motor claim', 'Customer was hit from behind at a traffic light, nobody hurt. Police report number received by email; the other driver admits fault, so {carrier} should recover the costs from the third party.'],
      ['Storm damage to the roof, tiles missing', 'Damage found after the storm on {day}. A roofer can come on Friday but wants confirmation that {carrier} covers the emergency repair before starting.'],
      ['Burst pipe overnight — emergency plumber needed', 'Water is coming through the ceiling of the ground floor. Customer asks what to do first and whether the hotel costs are covered while the flat dries out.'],
      ['Stolen bicycle from the garage', 'E-bike worth {amount} taken from a locked garage. Customer has the purchase receipt and reported the theft to the police; check whether the contents policy {policy} covers bikes outside the home.'],
      ['Windscreen chip after gravel on the motorway', 'Small chip in the driver’s line of sight. Customer wants to know if a repair (not a replacement) keeps the no-claims bonus with {carrier}.'],
      ['Lost luggage on a trip to {city}: travel claim', 'The airline confirmed the suitcase is lost. Customer bought clothes and toiletries for {small}; receipts attached. The airline’s compensation has to be claimed first.'],
      ['Hospital bill reimbursement after emergency treatment', 'Treated in {city} after a fall, invoice of {amount} paid by credit card. Customer asks how quickly {carrier} reimburses and which documents they need.'],
      ['Claim status? Reported {weeks} weeks ago', 'The customer is upset that nobody has called back about the claim on {policy}. Please check the status with {carrier} and give a clear next step today.'],
      ['Burglary at the office: laptops and a safe taken', 'Break-in over the weekend, back door forced. Five laptops and the safe are gone. The business needs replacement laptops this week to keep working.'],
      ['Delivery van damaged while parked: fleet claim', 'Van {plate} was hit in the depot car park, the other party is unknown. Fleet policy {policy} with {carrier}; deductible to be checked.'],
      ['Dog bit a neighbour — liability claim', 'The neighbour needed stitches and has asked for compensation in writing. Customer wants to know whether to answer the letter or leave it to {carrier}.'],
    ],
    replies: [
      'Thank you for letting us know. We have opened the claim with {carrier} under reference {ref}; an adjuster will contact you within two working days.',
      'Could you send us photos of the damage and the repair estimate? Until then, please keep any damaged items — the adjuster may want to see them.',
      'Good news: {carrier} confirmed the emergency repair is covered. Please keep the invoice and send it to us once the work is done.',
      'The adjuster visited today and will send the report to {carrier} this week. We will let you know as soon as we hear back.',
      'We have chased {carrier} again; they expect to decide by the end of next week.',
    ],
    notes: [
      'Deductible on this policy is {deductible}. Claim looks covered, no exclusions apply.',
      'Called the {carrier} claims desk: the case is with an adjuster, reference {ref}.',
      'Customer has had two claims in three years — watch the renewal terms.',
      'Asked {carrier} to fast-track this one, the customer cannot use the room.',
      'Police report received and added to the claim file.',
    ],
    closings: [
      '{carrier} has approved the claim and will pay {amount} to your account within five working days. We are closing this ticket — reply any time if something is missing.',
      'The claim is settled. Thank you for your patience; we have noted the repair in your file.',
    ],
  },
  {
    weight: 20,
    priorities: ['normal', 'normal', 'normal', 'low', 'high'],
    cases: [
      ['Add spouse as a named driver', 'Customer asked by email to add their spouse to motor policy {policy} from the 1st of next month and wants to know the effect on the premium.'],
      ['Change of address after moving to {city}', 'The customer moves on {day}. Home and contents cover must follow them from the moving day; the old address can be dropped at the end of the month.'],
      ['Increase contents cover to {amount}', 'After a renovation the customer thinks the contents are underinsured. Please quote first — they only want to go ahead if the premium rises by less than {small} a month.'],
      ['Remove a vehicle from the fleet policy', 'One of the vans was sold last week. Customer sent the sale contract and asks for a refund of the unused premium.'],
      ['Add a new van ({plate}) to the fleet policy', 'The van is delivered on {day} and must be insured before it leaves the dealer. Registration papers attached.'],
      ['Update the beneficiary on the life policy', 'Customer wants to name their two children as beneficiaries. {carrier} needs the signed form, not an email.'],
      ['Switch from monthly to annual payment', 'Customer asked on the phone whether paying yearly is cheaper and wants to switch at the next renewal.'],
      ['Add home office equipment to the contents policy', 'Customer now works from home three days a week: a laptop, two screens and a printer. Check whether business equipment is covered by {carrier} at home.'],
      ['Name change after marriage', 'Customer sent a copy of the marriage certificate and asks for every policy to be updated to the new name.'],
      ['Add cyber cover for the online shop', 'The shop now takes card payments online. The owner heard about a competitor being hacked and wants cyber cover quoted.'],
    ],
    replies: [
      'We have asked {carrier} to make the change. The adjusted premium is {small} per month; we will send you the new schedule as soon as we have it.',
      'Could you confirm the date from which the change should apply?',
      'Done: the change is on your policy from the date you asked for. The updated documents are attached to this ticket.',
    ],
    notes: [
      '{carrier} portal is down for maintenance, will submit the change tomorrow.',
      'Premium impact checked: +{small} per month, within what the customer accepted.',
      'Still missing a signature before {carrier} accepts the change.',
    ],
    closings: ['The change is complete and the new policy schedule is on its way. Thank you!', 'All done — your policy now shows the change. Let us know if anything looks wrong.'],
  },
  {
    weight: 18,
    priorities: ['normal', 'normal', 'high', 'low'],
    cases: [
      ['Premium went up by {pct}% — please explain', 'Customer called the office, not happy about the increase on policy {policy}. Wants to understand the reason before the next debit on the 1st.'],
      ['Direct debit failed this month', 'The bank returned the debit for the {product} policy. Customer says the account has money and asks us to try again before cover lapses.'],
      ['Refund for the cancelled {product} policy', 'Policy cancelled two months ago, no refund yet. Customer sent the cancellation confirmation from {carrier}.'],
      ['Invoice copy needed for the accountant', 'Customer needs all invoices of last year for the tax return, as PDFs.'],
      ['Charged twice on the credit card', 'Two identical charges of {small} on the same day. Bank statement attached by the customer; please reconcile with the {carrier} account statement.'],
      ['New bank account for the direct debit', 'Customer changed banks. New account details are in the signed mandate attached to the email.'],
      ['Payment reminder received although paid', 'Reminder from {carrier} dated {day}, but the customer paid on time and attached the transfer confirmation.'],
      ['Can the premium be split into quarterly payments?', 'The annual premium of {amount} is due next month. Customer asks whether quarterly payments are possible and what they cost.'],
    ],
    replies: [
      'The change comes from the yearly index adjustment of {carrier} and a higher rebuild value. We are asking whether a higher deductible would bring the premium down.',
      'We checked with {carrier}: the duplicate charge will be refunded within 3–5 working days.',
      'Attached are the documents you asked for. Anything else we can help with?',
      'We have updated your payment details; the next debit will use them.',
    ],
    notes: ['Refund approved by {carrier}, payment run on Thursday.', 'Offer the annual payment discount ({pct}%) when replying.', 'Customer is on the at-risk list — handle carefully.'],
    closings: ['The refund of {small} has been paid. We are closing this ticket.', 'Your payment plan is updated. Thanks for getting in touch.'],
  },
  {
    weight: 14,
    priorities: ['normal', 'normal', 'low', 'high'],
    cases: [
      ['Certificate of insurance for the landlord', 'The new landlord wants proof of liability cover before handing over the keys on {day}. Customer asked for a PDF by email.'],
      ['Green card for a trip to {city}', 'Customer drives abroad in {weeks} weeks and needs the international motor insurance card.'],
      ['Proof of no-claims bonus for a new insurer', 'Customer is moving the second car to another insurer and needs a letter confirming the years without claims.'],
      ['Copy of the policy schedule, please', 'Customer cannot find the schedule for {policy} and needs it for a mortgage application.'],
      ['Signed application form — please check', 'Uploaded through the portal. Check that every page is signed before we send it to {carrier}.'],
      ['Confirmation of cover for the bank (mortgage)', 'The bank asks for a confirmation naming them as loss payee on home policy {policy}.'],
      ['Documents for a business tender by Friday', 'A public tender requires certificates of liability and professional indemnity cover. Deadline Friday noon.'],
    ],
    replies: ['Attached is the document you asked for. Please check the details.', 'We have requested the certificate from {carrier}; it usually takes one working day.'],
    notes: ['Page 3 of the form is not signed, asked the customer again.', 'The template for bank confirmations is in the shared drive.'],
    closings: ['Here is the final document. Have a good trip!', 'Sent to you and to the bank directly. Closing this ticket.'],
  },
  {
    weight: 12,
    priorities: ['low', 'normal', 'normal', 'high'],
    cases: [
      ['Renewal quote — looking for a better price', 'Policy {policy} renews next month. Customer got a cheaper offer elsewhere and asks us to match it.'],
      ['Renewal notice not received', 'Renewal is due in {weeks} weeks and the customer has not received the notice from {carrier}.'],
      ['Stop the automatic renewal of the home policy', 'Customer is selling the property and wants the policy to end on its end date instead of renewing.'],
      ['Compare renewal options for business interruption', 'The business has grown and has two more employees; the owner wants a review meeting before the renewal.'],
      ['Renewal in {weeks} weeks: review the cover', 'Annual review for a long-standing customer: check the sums insured and whether the family situation has changed.'],
    ],
    replies: [
      'We have asked three insurers for renewal quotes; you will have a comparison by the end of the week.',
      'Attached is the comparison. Our recommendation is {carrier}: the same cover for {small} less per month.',
    ],
    notes: ['Quotes requested from {carrier} and two others.', 'Customer value is high — ask the manager about a loyalty discount.'],
    closings: ['Your policy is renewed with the new terms. Thank you for staying with us!', 'The automatic renewal is stopped; the policy ends on its end date.'],
  },
  {
    weight: 6,
    priorities: ['high', 'normal', 'urgent'],
    cases: [
      ['Complaint about how the last claim was handled', 'The customer wrote a long email and copied the manager. Under our complaints procedure the answer is due within 5 working days.'],
      ['Unhappy with the waiting time on the phone', 'Customer waited 40 minutes on the line on {day} and then got cut off. Call back and apologise.'],
      ['Formal complaint: claim rejected by {carrier}', 'The claim on {policy} was rejected for late notification. Customer disagrees and wants us to challenge the decision.'],
    ],
    replies: ['We are sorry about your experience. We are reviewing the case and will answer in full within 5 working days.'],
    notes: ['Escalated to the team lead.', 'Logged in the complaints register.'],
    closings: ['We have reviewed the case and {carrier} has agreed to reconsider. Thank you for raising it with us.'],
  },
];

const CARRIERS = ['Allianz', 'AXA', 'Zurich', 'Generali', 'Aviva', 'MAPFRE', 'Chubb', 'Ergo', 'Helvetia'];
const PRODUCTS = ['home', 'motor', 'contents', 'travel', 'liability', 'fleet', 'life', 'health', 'business'];
const CITIES = ['Lisbon', 'Barcelona', 'Vienna', 'Copenhagen', 'Dublin', 'Kraków', 'Lyon', 'Milan', 'Oslo', 'Tokyo'];
const ROADS = ['A1', 'M25', 'A7', 'ring road', 'N2'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const SOURCES: readonly Source[] = ['staff', 'staff', 'staff', 'staff', 'email', 'email', 'email', 'portal', 'portal', 'api'];
const TOPIC_TOTAL = TOPICS.reduce((s, t) => s + t.weight, 0);

/** The details one ticket's texts share, so its title, description and replies name the same insurer and amounts. */
function ticketDetails(rnd: Rnd): Record<string, string> {
  return {
    product: rnd.pick(PRODUCTS),
    carrier: rnd.pick(CARRIERS),
    policy: `POL-${String(rnd.int(1000)).padStart(7, '0')}-${1 + rnd.int(2)}`,
    amount: `€${(500 + rnd.int(60) * 250).toLocaleString('en-US')}`,
    small: `€${4 + rnd.int(30)}`,
    deductible: `€${rnd.pick([150, 250, 500, 1000])}`,
    pct: String(3 + rnd.int(12)),
    city: rnd.pick(CITIES),
    road: rnd.pick(ROADS),
    day: rnd.pick(DAYS),
    weeks: String(2 + rnd.int(5)),
    plate: `${String.fromCharCode(65 + rnd.int(26), 65 + rnd.int(26))}-${100 + rnd.int(900)}`,
    ref: `CL-${200000 + rnd.int(800000)}`,
  };
}

const fill = (template: string, details: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, key: string) => details[key] ?? key);

export interface DemoTicketContent {
  title: string;
  description: string;
  priority: Priority;
  source: Source;
  /** Index of the topic (claims, changes, billing, documents, renewals, complaints). */
  topic: number;
  /** The insurer, policy number, amounts… its texts mention (for its thread). */
  details: Record<string, string>;
}

/** The i-th demo ticket's content (deterministic in `i`). */
export function demoTicket(i: number, rnd: Rnd = prng(i * 6_700_417 + 29)): DemoTicketContent {
  let r = rnd.next() * TOPIC_TOTAL;
  const topic = Math.max(0, TOPICS.findIndex((t) => (r -= t.weight) < 0));
  const [title, description] = rnd.pick(TOPICS[topic]!.cases);
  const details = ticketDetails(rnd);
  return {
    title: fill(title, details),
    description: fill(description, details),
    priority: rnd.pick(TOPICS[topic]!.priorities),
    source: rnd.pick(SOURCES),
    topic,
    details,
  };
}

/** The thread of a ticket: `count` messages (1–5), replies and notes in a plausible order, a closing reply when resolved. */
function demoThread(ticket: DemoTicketContent, count: number, resolved: boolean, rnd: Rnd): Array<{ body: string; internal: boolean }> {
  const t = TOPICS[ticket.topic]!;
  const out: Array<{ body: string; internal: boolean }> = [];
  let reply = 0;
  for (let k = 0; k < count; k++) {
    if (resolved && k === count - 1) out.push({ body: fill(rnd.pick(t.closings), ticket.details), internal: false });
    else if (k > 0 && rnd.next() < 0.35) out.push({ body: fill(rnd.pick(t.notes), ticket.details), internal: true });
    else out.push({ body: fill(t.replies[Math.min(reply++, t.replies.length - 1)]!, ticket.details), internal: false });
  }
  return out;
}

interface StageRow {
  id: string;
  name: string;
  category: 'open' | 'waiting' | 'done';
  position: number;
}

/** Share of tickets per stage: the first stage 15%, other open stages 20%, waiting 12%, done 53% (split evenly within each). */
function stageWeights(stages: StageRow[]): number[] {
  const share = (s: StageRow, i: number) => (i === 0 ? 'first' : s.category);
  const totals = { first: 15, open: 20, waiting: 12, done: 53 };
  const counts = new Map<string, number>();
  stages.forEach((s, i) => counts.set(share(s, i), (counts.get(share(s, i)) ?? 0) + 1));
  return stages.map((s, i) => totals[share(s, i)] / counts.get(share(s, i))!);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** How long a resolved ticket took, by priority. */
const RESOLUTION: Record<Priority, [number, number]> = { urgent: [2 * HOUR, 2 * DAY], high: [6 * HOUR, 5 * DAY], normal: [1 * DAY, 8 * DAY], low: [2 * DAY, 14 * DAY] };

type Q = Pick<pg.ClientBase, 'query'>;

export interface SeedDemoTicketsOptions {
  /** How many tickets (default 300). */
  count?: number;
  /** The clock the ages, due dates and overdue flags are computed against (default: now). */
  now?: Date;
}

export interface SeededTickets {
  tickets: number;
  messages: number;
  transitions: number;
  overdue: number;
}

/**
 * Gives a workspace demo tickets on its default pipeline: spread over the stages, assigned to its staff members,
 * some overdue, resolved ones with completed_at, 1–5 messages each (replies and internal notes), the transitions
 * that brought each ticket to its stage, and ticket_settings.next_number past the last number. Set-based: three
 * INSERTs and an UPDATE whatever the count.
 *
 * Runs inside the caller's transaction (the seed's), after the workspace has its customers, members and default
 * pipeline (setUpTickets). Does nothing (returns null) when the workspace already has tickets or lacks any of those.
 */
export async function seedDemoTickets(client: Q, workspaceId: string, opts: SeedDemoTicketsOptions = {}): Promise<SeededTickets | null> {
  const count = opts.count ?? 300;
  const now = (opts.now ?? new Date()).getTime();
  // The owner role is not a superuser everywhere: tenant rows are written under the tenant context.
  await client.query("SELECT set_config('app.workspace_id', $1, true)", [workspaceId]);
  const { rows: existing } = await client.query('SELECT 1 FROM tickets WHERE workspace_id = $1 LIMIT 1', [workspaceId]);
  if (existing.length > 0) return null;

  const { rows: stages } = await client.query<StageRow & { pipelineId: string }>(
    `SELECT s.id, s.name, s.category, s.position, s.pipeline_id AS "pipelineId" FROM pipelines p
       JOIN pipeline_stages s ON s.workspace_id = p.workspace_id AND s.pipeline_id = p.id
      WHERE p.workspace_id = $1 AND p.is_default ORDER BY s.position, s.id`,
    [workspaceId],
  );
  // Staff only: portal users (role customer) are never assignees.
  const { rows: members } = await client.query<{ id: string; email: string }>(
    `SELECT u.id, u.email FROM memberships m JOIN roles r ON r.workspace_id = m.workspace_id AND r.id = m.role_id JOIN users u ON u.id = m.user_id
      WHERE m.workspace_id = $1 AND r.key <> 'customer' ORDER BY m.created_at, u.email`,
    [workspaceId],
  );
  const { rows: customers } = await client.query<{ id: string }>(
    'SELECT id FROM customers WHERE workspace_id = $1 AND deleted_at IS NULL ORDER BY created_at, name, email NULLS LAST, id LIMIT 1000',
    [workspaceId],
  );
  if (stages.length === 0 || members.length === 0 || customers.length === 0) return null;
  const { rows: settings } = await client.query<{ next: string; sla: Record<string, number> | null }>(
    'SELECT next_number AS next, sla_minutes AS sla FROM ticket_settings WHERE workspace_id = $1',
    [workspaceId],
  );
  const firstNumber = Number(settings[0]?.next ?? 1001);
  const sla = (p: Priority) => (settings[0]?.sla?.[p] ?? DEFAULT_SLA[p]) * MINUTE;

  const rnd = prng(20_261_121);
  const weights = stageWeights(stages);
  const weightTotal = weights.reduce((s, w) => s + w, 0);
  const pickStage = () => {
    let r = rnd.next() * weightTotal;
    return Math.max(0, weights.findIndex((w) => (r -= w) < 0));
  };
  // The first member (the owner) gets fewer tickets than the agents once there are several people.
  const pickMember = () => members[members.length > 1 && rnd.next() < 0.8 ? 1 + rnd.int(members.length - 1) : 0]!;
  const between = (from: number, to: number) => from + rnd.next() * Math.max(0, to - from);

  const tickets: Array<Record<string, unknown>> = [];
  const transitions: Array<{ ticketId: string; from: StageRow; to: StageRow; actor: { id: string; email: string }; at: number }> = [];
  const messages: Array<{ ticketId: string; authorId: string; body: string; internal: boolean; at: number }> = [];
  for (let i = 0; i < count; i++) {
    const content = demoTicket(i);
    const target = pickStage();
    const stage = stages[target]!;
    const done = stage.category === 'done';
    // Open work is recent; resolved tickets go back three months.
    const created = done ? now - between(2 * DAY, 90 * DAY) : now - between(20 * MINUTE, (stage.category === 'waiting' ? 20 : target === 0 ? 3 : 10) * DAY);
    const end = done ? Math.min(now - 10 * MINUTE, created + between(...RESOLUTION[content.priority])) : now - between(5 * MINUTE, Math.min(DAY, (now - created) / 2));
    let due = created + sla(content.priority);
    let dueSource = 'sla';
    // Agents move the due date of some open tickets out (waiting on documents, a callback agreed with the customer).
    if (!done && due <= now && rnd.next() < 0.7) {
      due = now + between(HOUR, 7 * DAY);
      dueSource = 'manual';
    }
    const overdue = !done && due <= now;
    const assignee = target === 0 && rnd.next() < 0.55 ? null : pickMember();
    const actor = assignee ?? members[0]!;
    const id = randomUUID();

    // The path that brought it here: each stage before it in order, waiting stages skipped half of the time.
    const path = [stages[0]!];
    for (let k = 1; k <= target; k++) if (k === target || stages[k]!.category !== 'waiting' || rnd.next() < 0.5) path.push(stages[k]!);
    const moves = path.length - 1;
    path.slice(1).forEach((to, k) => {
      // The last move is the one that put it where it is (for a done stage: the moment it was completed).
      const at = k === moves - 1 ? end : created + ((end - created) * (k + 1)) / moves - rnd.int(10) * MINUTE;
      transitions.push({ ticketId: id, from: path[k]!, to, actor, at: Math.max(created + MINUTE, at) });
    });

    const thread = demoThread(content, 1 + rnd.int(done ? 5 : 3), done, rnd);
    thread.forEach((m, k) => {
      const at = done && k === thread.length - 1 ? end - MINUTE : created + ((end - created) * (k + 0.5)) / thread.length;
      messages.push({ ticketId: id, authorId: m.internal ? pickMember().id : actor.id, body: m.body, internal: m.internal, at });
    });

    tickets.push({
      id,
      title: content.title,
      description: content.description,
      customerId: customers[rnd.int(customers.length)]!.id,
      pipelineId: stage.pipelineId,
      stageId: stage.id,
      priority: content.priority,
      assigneeId: assignee?.id ?? null,
      dueAt: new Date(due).toISOString(),
      dueSource,
      overdue,
      // Already notified: the overdue job should not send a burst of emails on the first start.
      overdueNotifiedAt: overdue ? new Date(due + MINUTE).toISOString() : null,
      completedAt: done ? new Date(end).toISOString() : null,
      source: content.source,
      messageCount: thread.length,
      createdBy: members[0]!.id,
      createdAt: new Date(created).toISOString(),
      updatedAt: new Date(end).toISOString(),
    });
  }

  // Numbers follow creation, as they would have been handed out.
  tickets.sort((a, b) => (a.createdAt as string).localeCompare(b.createdAt as string));
  tickets.forEach((t, i) => (t.number = firstNumber + i));
  const column = (key: string) => tickets.map((t) => t[key]);
  await client.query(
    `INSERT INTO tickets (workspace_id, id, number, title, description, customer_id, pipeline_id, stage_id, priority, assignee_id, due_at, due_source,
                          overdue, overdue_notified_at, completed_at, source, message_count, created_by, created_at, updated_at)
     SELECT $1, x.* FROM unnest($2::uuid[], $3::bigint[], $4::text[], $5::text[], $6::uuid[], $7::uuid[], $8::uuid[], $9::text[], $10::uuid[], $11::timestamptz[],
                                $12::text[], $13::boolean[], $14::timestamptz[], $15::timestamptz[], $16::text[], $17::int[], $18::uuid[], $19::timestamptz[], $20::timestamptz[]) AS x`,
    [
      workspaceId,
      ...['id', 'number', 'title', 'description', 'customerId', 'pipelineId', 'stageId', 'priority', 'assigneeId', 'dueAt', 'dueSource'].map(column),
      ...['overdue', 'overdueNotifiedAt', 'completedAt', 'source', 'messageCount', 'createdBy', 'createdAt', 'updatedAt'].map(column),
    ],
  );
  await client.query(
    `INSERT INTO ticket_transitions (workspace_id, ticket_id, from_stage_id, from_stage_name, to_stage_id, to_stage_name, actor_id, actor_email, created_at)
     SELECT $1, x.* FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::uuid[], $6::text[], $7::uuid[], $8::text[], $9::timestamptz[]) AS x`,
    [
      workspaceId,
      transitions.map((t) => t.ticketId),
      transitions.map((t) => t.from.id),
      transitions.map((t) => t.from.name),
      transitions.map((t) => t.to.id),
      transitions.map((t) => t.to.name),
      transitions.map((t) => t.actor.id),
      transitions.map((t) => t.actor.email),
      transitions.map((t) => new Date(t.at).toISOString()),
    ],
  );
  await client.query(
    `INSERT INTO ticket_messages (workspace_id, ticket_id, author_id, body, internal, created_at)
     SELECT $1, x.* FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::boolean[], $6::timestamptz[]) AS x`,
    [
      workspaceId,
      messages.map((m) => m.ticketId),
      messages.map((m) => m.authorId),
      messages.map((m) => m.body),
      messages.map((m) => m.internal),
      messages.map((m) => new Date(m.at).toISOString()),
    ],
  );
  await client.query(
    `INSERT INTO ticket_settings (workspace_id, sla_minutes, next_number) VALUES ($1, $2, $3)
     ON CONFLICT (workspace_id) DO UPDATE SET next_number = greatest(ticket_settings.next_number, excluded.next_number), updated_at = now()`,
    [workspaceId, JSON.stringify(DEFAULT_SLA), firstNumber + count],
  );
  return { tickets: count, messages: messages.length, transitions: transitions.length, overdue: tickets.filter((t) => t.overdue).length };
}
