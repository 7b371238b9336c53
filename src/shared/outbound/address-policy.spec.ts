import { isForbiddenAddress } from './address-policy';

describe('isForbiddenAddress', () => {
  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '10.0.0.1',
    '172.16.5.4',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fd00:ec2::254',
    'fc00::1',
    'fe80::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:169.254.169.254',
    '::ffff:a9fe:a9fe',
    '64:ff9b::10.0.0.1',
    '2002:7f00:1::1',
    '0:0:0:0:0:ffff:7f00:1',
    '::ffff:0:7f00:1',
    '::ffff:0:10.1.2.3',
    '64:ff9b::a9fe:a9fe',
    '2002:a9fe:a9fe::1',
    // IPv4-compatible ::/96, even when the IPv4 part is public
    '::127.0.0.1',
    '::7f00:1',
    '::8.8.8.8',
    '0:0:0:0:0:0:808:808',
    // local-use NAT64 and Teredo, whatever they carry
    '64:ff9b:1::8.8.8.8',
    '64:ff9b:1:ffff::1',
    '2001::1',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2',
    // documentation, benchmarking, discard, ORCHID, segment routing
    '2001:db8::1',
    '3fff::1',
    '2001:2::1',
    '100::1',
    '2001:20::1',
    '5f00::1',
    '192.0.2.1',
    '198.18.0.1',
    '240.0.0.1',
    'not-an-ip',
    '0x7f.1',
    'fe80::1%eth0',
    '127.1',
  ])('refuses %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(true);
  });

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700::1111',
    '2a00:1450:4001:80b::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::8.8.8.8',
    '2002:808:808::1',
  ])('allows public %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(false);
  });
});
