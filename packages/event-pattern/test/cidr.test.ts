import { describe, expect, it } from 'vitest';
import { compilePattern } from '../src/index.js';
import { contentFilteringEvent, createAccessKeyCall } from './fixtures/aws-doc-events.js';

const matcher = (cidr: string) => {
  const compiled = compilePattern({ field: [{ cidr }] });
  return (value: unknown) => compiled.matches({ field: value });
};

describe('Function: compilePattern', () => {
  describe('operator: cidr', () => {
    const tenNet = matcher('10.0.0.0/24');

    it('matches addresses that start with 10.0.0 (the 10.0.0.0/24 example)', () => {
      expect(tenNet('10.0.0.0')).toBe(true);
      expect(tenNet('10.0.0.24')).toBe(true);
      expect(tenNet('10.0.0.255')).toBe(true);
    });

    it('does not match addresses outside the block', () => {
      expect(tenNet('10.0.1.0')).toBe(false);
      expect(tenNet('9.255.255.255')).toBe(false);
      expect(tenNet('11.0.0.0')).toBe(false);
    });

    it('does not match non-addresses, numbers or IPv6 addresses', () => {
      expect(tenNet('10.0.0')).toBe(false);
      expect(tenNet('10.0.0.256')).toBe(false);
      expect(tenNet('iam.amazonaws.com')).toBe(false);
      expect(tenNet(10)).toBe(false);
      expect(tenNet('::a00:1')).toBe(false);
    });

    it('matches detail.sourceIPAddress of a CloudTrail call', () => {
      const pattern = compilePattern({
        detail: { sourceIPAddress: [{ cidr: '198.51.100.0/24' }] },
      });
      expect(pattern.matches(createAccessKeyCall)).toBe(true);
      const fromService = {
        ...createAccessKeyCall,
        detail: { ...createAccessKeyCall.detail, sourceIPAddress: 'cloudformation.amazonaws.com' },
      };
      expect(pattern.matches(fromService)).toBe(false);
    });

    it('matches the README source-ip example with 10.0.0.0/8', () => {
      const pattern = compilePattern({ detail: { 'source-ip': [{ cidr: '10.0.0.0/8' }] } });
      expect(pattern.matches(contentFilteringEvent)).toBe(true);
    });

    it('ignores host bits set in the pattern address', () => {
      const block = matcher('10.0.0.77/24');
      expect(block('10.0.0.1')).toBe(true);
      expect(block('10.0.1.1')).toBe(false);
    });

    it('matches IPv6 blocks, whatever the spelling of the address', () => {
      const docNet = matcher('2001:db8::/32');
      expect(docNet('2001:db8::1')).toBe(true);
      expect(docNet('2001:0DB8:ffff:0:0:0:0:1')).toBe(true);
      expect(docNet('2001:db9::1')).toBe(false);
      expect(docNet('10.0.0.1')).toBe(false);
    });

    it('treats an IPv4-mapped IPv6 address as its IPv4 address', () => {
      expect(tenNet('::ffff:a00:5')).toBe(true);
    });

    it("reads IPv6 spellings the way Java's InetAddress does", () => {
      const everyV6 = matcher('::/0');
      for (const address of ['::', '1::', '::1', '1:2:3:4:5:6:7:8', '00001::', 'ABCD::ef']) {
        expect(everyV6(address)).toBe(true);
      }
      for (const address of [
        ':1:2:3:4:5:6:7',
        '1:2:3:4:5:6:7:',
        '1:2:3:4:5:6:7:8:9',
        '1:2:3:4:5:6:7::8',
        '12345::',
        '1:::2',
        '::1%eth0',
        '::ffff:1.2.3.4',
        '::ffff:a00:1',
      ]) {
        expect(everyV6(address)).toBe(false);
      }
    });

    it('matches a /0 block against every address of its family', () => {
      const everyV4 = matcher('0.0.0.0/0');
      expect(everyV4('255.255.255.255')).toBe(true);
      expect(everyV4('::1')).toBe(false);
    });
  });
});
