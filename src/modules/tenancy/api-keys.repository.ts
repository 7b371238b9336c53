import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ApiKeyEntity } from './api-key.entity';

@Injectable()
export class ApiKeysRepository {
  constructor(@InjectRepository(ApiKeyEntity) private readonly apiKeys: Repository<ApiKeyEntity>) {}

  insert(
    orgId: string,
    row: { name: string | null; keyHash: string; keyPrefix: string },
  ): Promise<ApiKeyEntity> {
    return this.apiKeys.save(this.apiKeys.create({ organizationId: orgId, ...row }));
  }

  findByHash(keyHash: string): Promise<ApiKeyEntity | null> {
    return this.apiKeys.findOneBy({ keyHash });
  }

  /** Scoped by org, so another org's key id deletes nothing. */
  async deleteForOrg(orgId: string, id: string): Promise<boolean> {
    const result = await this.apiKeys.delete({ id, organizationId: orgId });
    return (result.affected ?? 0) > 0;
  }
}
