// Audit actions ("ticket.moved") as the rest of a sentence that starts with who did it ("ada@… moved a ticket").

/** Actions whose words do not follow from "<thing>.<verb>". */
const PHRASES: Record<string, string> = {
  'ticket.created': 'opened a ticket',
  'ticket.replied': 'replied on a ticket',
  'ticket.note_added': 'added an internal note to a ticket',
  'ticket.unassigned': 'unassigned a ticket',
  'tickets.sla_updated': 'changed the SLA targets',
  'customer.created': 'added a customer',
  'customer.merged': 'merged duplicates into a customer',
  'customer.merged_away': 'merged a customer into another',
  'note.created': 'added a note on a customer',
  'note.updated': 'edited a note on a customer',
  'note.deleted': 'deleted a note on a customer',
  'policy.created': 'added a policy for a customer',
  'policy.updated': 'updated a policy of a customer',
  'policy.deleted': 'deleted a policy of a customer',
  'pipeline.stage_added': 'added a stage to a pipeline',
  'pipeline.stage_removed': 'removed a stage from a pipeline',
  'pipeline.stage_updated': 'changed a stage of a pipeline',
  'pipeline.stages_reordered': 'reordered the stages of a pipeline',
  'customer_field.created': 'added a custom field',
  'customer_field.updated': 'changed a custom field',
  'customer_field.deleted': 'deleted a custom field',
  'member.role_changed': 'changed a member’s role',
  'member.removed': 'removed a member',
  'member.portal_joined': 'joined the customer portal',
  'invitation.created': 'invited someone',
  'invitation.resent': 'resent an invitation',
  'invitation.revoked': 'revoked an invitation',
  'invitation.accepted': 'accepted an invitation',
  'flag.override_set': 'turned a feature flag on or off',
  'flag.default_set': 'changed a feature flag’s default',
  'workspace.updated': 'changed the workspace settings',
  'operator.entered': 'entered the workspace as operator',
  'operator.left': 'left the workspace as operator',
};

const article = (noun: string) => (/^[aeiou]/i.test(noun) ? 'an' : 'a');

/** "moved a ticket", "added a policy for a customer"; an action nobody taught it reads as "<verb> a <thing>". */
export function activityPhrase(action: string): string {
  const known = PHRASES[action];
  if (known) return known;
  const [thing = '', verb = ''] = action.split('.');
  if (!verb) return action.replaceAll('_', ' ');
  const noun = thing.replaceAll('_', ' ').replace(/s$/, '');
  return `${verb.replaceAll('_', ' ')} ${article(noun)} ${noun}`;
}
