import { Module, OnModuleInit } from '@nestjs/common';
import { SweepTargets } from '../../shared/sweep-targets';
import { OAuthModule } from '../oauth';
import { IntegrationsController } from './integrations.controller';
import { IntegrationsRepository } from './integrations.repository';
import { IntegrationsService } from './integrations.service';
import { CredentialInvalidatedListener } from './listeners/credential-invalidated.listener';
import { ReauthSucceededListener } from './listeners/reauth-succeeded.listener';

@Module({
  imports: [OAuthModule],
  controllers: [IntegrationsController],
  providers: [
    IntegrationsService,
    IntegrationsRepository,
    CredentialInvalidatedListener,
    ReauthSucceededListener,
  ],
  exports: [IntegrationsService],
})
export class IntegrationsModule implements OnModuleInit {
  constructor(
    private readonly sweepTargets: SweepTargets,
    private readonly integrations: IntegrationsService,
  ) {}

  /** A rotated-out delivery secret is kept sealed only while it still signs. */
  onModuleInit(): void {
    this.sweepTargets.registerTask({
      name: 'previousDeliverySecretsForgotten',
      run: () => this.integrations.forgetExpiredPreviousDeliverySecrets(),
    });
  }
}
