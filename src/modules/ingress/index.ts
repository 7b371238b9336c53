export { IngressModule } from './ingress.module';
export { DeliveriesService } from './deliveries.service';
export { describeIngressRoute } from './ingress.openapi';
