import { Controller, Get } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { MeResponseDto, OperatorCallerDto, OrgCallerDto } from './dto/me.response.dto';
import { MeService } from './me.service';

@ApiTags('me')
@ApiBearerAuth()
@ApiExtraModels(OperatorCallerDto, OrgCallerDto)
@Controller('v1/me')
export class MeController {
  constructor(private readonly me: MeService) {}

  @Get()
  @ApiOperation({
    summary: 'Who am I',
    description: 'The operator, or the org and key id of an org key: lets a client start from a key alone.',
  })
  @ApiOkResponse({
    schema: {
      oneOf: [{ $ref: getSchemaPath(OperatorCallerDto) }, { $ref: getSchemaPath(OrgCallerDto) }],
      discriminator: {
        propertyName: 'type',
        mapping: { operator: getSchemaPath(OperatorCallerDto), org: getSchemaPath(OrgCallerDto) },
      },
    },
  })
  getMe(): MeResponseDto {
    return this.me.describeCaller();
  }
}
