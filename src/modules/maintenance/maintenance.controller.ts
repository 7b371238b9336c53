import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { OperatorOnly } from '../../shared/public.decorator';
import { SweepService } from './sweep.service';

class SweepResponseDto {
  @ApiProperty({ description: 'false when another replica was sweeping and this call did nothing' })
  ran: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { pendingInteractions: 0, oauthStates: 3, placeholders: 0, deliveries: 12 },
  })
  deleted: Record<string, number>;
  @ApiProperty({ type: [String], description: 'tables that hit the per-run cap and drain next run' })
  remaining: string[];
  @ApiProperty() durationMs: number;
  @ApiProperty({ description: 'slowest single DELETE of the run' }) longestStatementMs: number;
  @ApiProperty({
    description:
      'time spent yielding between full batches (`SWEEP_PAUSE_PERCENT` of each batch), part of `durationMs`',
  })
  pausedMs: number;
  @ApiProperty({
    type: 'object',
    properties: { connections: { type: 'integer' }, integrationsRestored: { type: 'integer' } },
    required: ['connections', 'integrationsRestored'],
    description:
      'what the run healed of lost credential events: `connections`, INVALID connections whose ENABLED ' +
      'integrations were moved to ERROR; `integrationsRestored`, ERROR or DISABLED integrations moved back ' +
      'to ENABLED because their connection was re-authorized (over a minute ago) after their status was set',
    example: { connections: 0, integrationsRestored: 0 },
  })
  reconciled: { connections: number; integrationsRestored: number };
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/admin')
export class MaintenanceController {
  constructor(private readonly sweep: SweepService) {}

  @Post('sweep')
  @OperatorOnly()
  @HttpCode(200)
  @ApiOperation({ summary: 'Run the global sweep now (operator)' })
  @ApiOkResponse({ type: SweepResponseDto })
  runSweep(): Promise<SweepResponseDto> {
    return this.sweep.runSweep();
  }
}
