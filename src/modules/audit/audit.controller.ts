import { Controller, Get, Headers, Param, Query, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { Page } from '../../shared/pagination';
import { ParseIdPipe } from '../../shared/validation';
import { AuditService } from './audit.service';
import { AuditEntryResponseDto, AuditPageDto, ListAuditQueryDto } from './dto/audit-entry.dto';

const NDJSON = 'application/x-ndjson';

@ApiTags('audit')
@ApiBearerAuth()
@ApiExtraModels(AuditPageDto, AuditEntryResponseDto)
@Controller('v1/orgs/:orgId/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({
    summary: 'List audit entries, newest first; Accept: application/x-ndjson streams every match',
    description:
      'With `Accept: application/x-ndjson` the answer is every matching entry, one JSON object per line, ' +
      'newest first (`limit` does not apply; `cursor` starts the export where a page left off).',
  })
  @ApiOkResponse({
    description: 'a page of entries, or with Accept: application/x-ndjson every matching entry',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(AuditPageDto) } },
      [NDJSON]: { schema: { $ref: getSchemaPath(AuditEntryResponseDto) } },
    },
  })
  async listAuditEntries(
    @Param('orgId', ParseIdPipe) orgId: string,
    @Query() query: ListAuditQueryDto,
    @Headers('accept') accept: string | undefined,
  ): Promise<Page<AuditEntryResponseDto> | StreamableFile> {
    if (!accept?.includes(NDJSON)) return this.audit.listAuditEntries(orgId, query);
    const lines = await this.audit.exportAuditEntries(orgId, query);
    return new StreamableFile(lines, { type: `${NDJSON}; charset=utf-8` });
  }
}
