import { createTransport, type Transporter } from 'nodemailer';
import type { EmailRequest } from './email-request';

export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  /** Refuse to send unless STARTTLS succeeds (keeps credentials off the wire in clear). */
  requireTls?: boolean;
  user?: string;
  password?: string;
}

export interface SmtpOutcome {
  messageId: string;
  accepted: string[];
  rejected: string[];
}

/**
 * Submits EmailRequests over SMTP with nodemailer, one pooled connection set per sender. A rejected
 * recipient is reported, not thrown; a failed submission throws for the caller's retry policy.
 */
export class SmtpEmailSender {
  private readonly transport: Transporter;

  constructor(settings: SmtpSettings) {
    this.transport = createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      requireTLS: settings.requireTls ?? false,
      pool: true,
      auth: settings.user ? { user: settings.user, pass: settings.password ?? '' } : undefined,
    });
  }

  async send(request: EmailRequest): Promise<SmtpOutcome> {
    const info = await this.transport.sendMail({
      from: request.from,
      to: request.to,
      subject: request.subject,
      text: request.text,
      html: request.html,
      messageId: request.messageId,
      inReplyTo: request.inReplyTo,
      references: request.references,
    });
    const addresses = (list: unknown[] | undefined) => (list ?? []).map((entry) => (typeof entry === 'string' ? entry : (entry as { address: string }).address));
    return { messageId: info.messageId, accepted: addresses(info.accepted), rejected: addresses(info.rejected) };
  }

  close(): void {
    this.transport.close();
  }
}
