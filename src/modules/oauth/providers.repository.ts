import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { decodeCursor } from '../../shared/pagination';
import { ProviderEntity } from './provider.entity';

export type ProviderRow = Omit<ProviderEntity, 'id' | 'organizationId' | 'createdAt' | 'updatedAt'>;

@Injectable()
export class ProvidersRepository {
  constructor(@InjectRepository(ProviderEntity) private readonly providers: Repository<ProviderEntity>) {}

  /** Throws the driver's unique violation when the key is taken in this org; `id` is the caller's. */
  insert(orgId: string, id: string, row: ProviderRow): Promise<ProviderEntity> {
    return this.providers.save(this.providers.create({ ...row, id, organizationId: orgId }));
  }

  findForOrg(orgId: string, id: string): Promise<ProviderEntity | null> {
    return this.providers.findOneBy({ organizationId: orgId, id });
  }

  findByKey(orgId: string, key: string): Promise<ProviderEntity | null> {
    return this.providers.findOneBy({ organizationId: orgId, key });
  }

  findManyForOrg(orgId: string, ids: string[]): Promise<ProviderEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.providers
      .createQueryBuilder('provider')
      .where('provider.organization_id = :orgId AND provider.id IN (:...ids)', { orgId, ids })
      .getMany();
  }

  listPage(orgId: string, limit: number, cursor?: string): Promise<ProviderEntity[]> {
    const after = decodeCursor(cursor);
    const query = this.providers
      .createQueryBuilder('provider')
      .where('provider.organization_id = :orgId', { orgId })
      .orderBy('provider.created_at', 'DESC')
      .addOrderBy('provider.id', 'DESC');
    if (after) query.andWhere('(provider.created_at, provider.id) < (:createdAt, :id)', after);
    return query.limit(limit + 1).getMany();
  }

  /** Returns false when the provider is not in this org; throws a unique violation on a taken key. */
  async updateForOrg(orgId: string, id: string, patch: Partial<ProviderRow>): Promise<boolean> {
    if (Object.keys(patch).length === 0) return (await this.findForOrg(orgId, id)) !== null;
    const result = await this.providers
      .createQueryBuilder()
      .update(ProviderEntity)
      .set({ ...patch, updatedAt: () => 'now()' })
      .where('organization_id = :orgId AND id = :id', { orgId, id })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async deleteForOrg(orgId: string, id: string, manager: EntityManager): Promise<boolean> {
    const result = await manager.delete(ProviderEntity, { organizationId: orgId, id });
    return (result.affected ?? 0) > 0;
  }
}
