import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { decodeCursor, Page, PagePosition, pageSize, toPage } from '../../shared/pagination';
import { AuditEntry } from './audit-entry';
import { AuditFilter, AuditRepository } from './audit.repository';
import { AuditEntryResponseDto, ListAuditQueryDto, toAuditEntryResponse } from './dto/audit-entry.dto';

/** Rows per statement of an export; one page is the most an export holds in memory. */
const EXPORT_PAGE_SIZE = 500;

@Injectable()
export class AuditService {
  constructor(private readonly entries: AuditRepository) {}

  async listAuditEntries(orgId: string, query: ListAuditQueryDto): Promise<Page<AuditEntryResponseDto>> {
    const limit = pageSize(query);
    const rows = await this.entries.listPage(orgId, toFilter(query), limit, decodeCursor(query.cursor));
    return toPage(rows, limit, toAuditEntryResponse);
  }

  /**
   * Every matching entry, newest first, one JSON object per line. Pages are read as the client
   * reads (a stream pulls the next page only once the last one went out), so an export of any
   * size holds one page in memory. The first page is read before answering: a database error
   * is still an error status, not a cut-off 200.
   */
  async exportAuditEntries(orgId: string, query: ListAuditQueryDto): Promise<Readable> {
    const filter = toFilter(query);
    const entries = this.entries;
    const first = await entries.listPage(orgId, filter, EXPORT_PAGE_SIZE, decodeCursor(query.cursor));
    async function* lines(rows: Array<AuditEntry & PagePosition>): AsyncGenerator<string> {
      for (;;) {
        const more = rows.length > EXPORT_PAGE_SIZE;
        const page = rows.slice(0, EXPORT_PAGE_SIZE);
        const next = page.length > 0 ? positionOf(page[page.length - 1]) : undefined;
        const text = page.map(toLine).join('');
        // the rows go before waiting for the client: only the page's text is held meanwhile
        rows = [];
        page.length = 0;
        if (text) yield text;
        if (!more || !next) return;
        rows = await entries.listPage(orgId, filter, EXPORT_PAGE_SIZE, next);
      }
    }
    return Readable.from(lines(first), { objectMode: false });
  }
}

function toFilter(query: ListAuditQueryDto): AuditFilter {
  return {
    action: query.action,
    agentId: query.agentId?.toLowerCase(),
    connectionId: query.connectionId?.toLowerCase(),
    since: query.since ? new Date(query.since) : undefined,
    until: query.until ? new Date(query.until) : undefined,
  };
}

function toLine(entry: AuditEntry): string {
  return `${JSON.stringify(toAuditEntryResponse(entry))}\n`;
}

function positionOf(entry: AuditEntry): PagePosition {
  return { createdAt: entry.at, id: entry.id };
}
