import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'plugboard:public';
export const OPERATOR_ONLY = 'plugboard:operator-only';

/** No API key: health, metrics, docs, the OAuth callback (the state is the credential), ingress, proxy. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** Operator key only; an org key answers 403 AUTH.FORBIDDEN. */
export const OperatorOnly = (): MethodDecorator & ClassDecorator => SetMetadata(OPERATOR_ONLY, true);
