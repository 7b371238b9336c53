// A receiver for plugboard's deliveries, as README.md "Try it" runs it:
//   DELIVERY_SECRET=whsec_… node examples/receiver.mjs      (listens on 127.0.0.1:3999, or $PORT)
// Every request is checked with the SDK's verifyDelivery against the integration's delivery secret:
// 204 when it checks out (plugboard marks the delivery DELIVERED), 401 otherwise (dead-lettered, to
// be redriven once the receiver is fixed). Deliveries are at least once: dedupe on webhook-id.
import { createServer } from 'node:http';
import { DeliveryVerificationError, verifyDelivery } from '@plugboard/sdk';

const secret = process.env.DELIVERY_SECRET ?? '';
const port = Number(process.env.PORT ?? 3999);

createServer(async (request, response) => {
  // plugboard only POSTs; a GET is someone checking that the receiver is up
  if (request.method === 'GET') return void response.writeHead(200).end('receiver is up\n');
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  try {
    const event = verifyDelivery(request.headers, Buffer.concat(chunks), secret);
    const what = event.type === 'ingress.delivery' ? `${event.plugin}/${event.route}` : event.type;
    console.log(
      `receiver: delivered ${request.headers['webhook-id']} (${what}): ${JSON.stringify(event.payload ?? event)}`,
    );
    response.writeHead(204).end();
  } catch (error) {
    if (!(error instanceof DeliveryVerificationError)) throw error;
    console.log(`receiver: refused ${request.headers['webhook-id']}: ${error.message}`);
    response.writeHead(401).end();
  }
}).listen(port, '127.0.0.1', () => console.log(`receiver: listening on http://127.0.0.1:${port}/hooks`));
