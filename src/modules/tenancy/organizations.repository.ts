import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { decodeCursor, PagePosition } from '../../shared/pagination';
import { OrganizationEntity } from './organization.entity';

@Injectable()
export class OrganizationsRepository {
  constructor(
    @InjectRepository(OrganizationEntity) private readonly organizations: Repository<OrganizationEntity>,
  ) {}

  create(name: string): Promise<OrganizationEntity> {
    return this.organizations.save(this.organizations.create({ name }));
  }

  findById(id: string): Promise<OrganizationEntity | null> {
    return this.organizations.findOneBy({ id });
  }

  async exists(id: string): Promise<boolean> {
    return (await this.organizations.countBy({ id })) > 0;
  }

  /** Newest first, keyset-paginated; returns limit + 1 rows so the caller knows about a next page. */
  listPage(limit: number, cursor?: string): Promise<OrganizationEntity[]> {
    const after: PagePosition | undefined = decodeCursor(cursor);
    const query = this.organizations
      .createQueryBuilder('org')
      .orderBy('org.created_at', 'DESC')
      .addOrderBy('org.id', 'DESC');
    if (after) query.where('(org.created_at, org.id) < (:createdAt, :id)', after);
    return query.limit(limit + 1).getMany();
  }
}
