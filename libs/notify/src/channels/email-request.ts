import { messageTextLines, truncate, type NotificationMessage } from '../notification-message';

/** E-mail's sibling of ChannelRequest: the message exactly as built, for an SMTP sender to submit unchanged. */
export interface EmailRequest {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Derived from the incident and transition: a resent copy carries the same id, so mail clients fold it. */
  messageId: string;
  /** Later transitions answer the opening message, so one incident reads as one thread. */
  inReplyTo?: string;
  references?: string[];
}

export interface EmailTarget {
  /** A sender the SMTP relay accepts, e.g. "Quell <quell@example.com>". */
  from: string;
  to: readonly string[];
}

const SUBJECT_MAX = 200;
const TRANSITION_LABEL: Record<NotificationMessage['transition'], string> = {
  opened: 'opened', priority_raised: 'priority raised', escalated: 'escalated', acknowledged: 'acknowledged', resolved: 'resolved',
};

/**
 * Plain text and HTML with the same content (why, entities, rule credit, related changes, link), as
 * a multipart/alternative message (nodemailer.com/message/); Message-ID, In-Reply-To and References
 * as RFC 5322 section 3.6.4 describes them, so mail clients thread one incident's messages.
 */
export function emailRequest(message: NotificationMessage, target: EmailTarget): EmailRequest {
  const domain = /@([^>\s]+)>?\s*$/.exec(target.from)?.[1];
  if (!domain) throw new Error(`the e-mail sender "${target.from}" has no address with a domain`);
  if (target.to.length === 0) throw new Error('the e-mail channel needs at least one recipient');
  const idOf = (transition: string) => `<${transition}.${message.incidentId}.${message.tenant}@${domain}>`.replace(/[^\x21-\x7e]/g, '_');
  const opening = idOf('opened');
  const lines = messageTextLines(message);
  return {
    from: target.from,
    to: [...target.to],
    subject: truncate(`[Quell P${message.priority}] ${TRANSITION_LABEL[message.transition]}: ${message.title}`.replace(/[\r\n]+/g, ' '), SUBJECT_MAX),
    text: `${lines.join('\n')}\n`,
    html: htmlBody(message, lines),
    messageId: idOf(message.transition),
    ...(message.transition === 'opened' ? {} : { inReplyTo: opening, references: [opening] }),
  };
}

function htmlBody(message: NotificationMessage, lines: readonly string[]): string {
  // The last line is the link; it becomes an anchor, every other line is escaped text.
  const rows = lines.slice(0, -1).map((line) => `<p>${escapeHtml(line)}</p>`).join('\n');
  return `<!doctype html>\n<html><body>\n${rows}\n<p><a href="${escapeHtml(message.url)}">Open the incident in Quell</a></p>\n</body></html>\n`;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
