import { describe, expect, it } from 'vitest';
import { clipEscaped, codeSpan, escapeText } from '../src/escape.js';
import { escapeText as exported } from '../src/index.js';

describe('Function: escapeText', () => {
  it('escapes &, < and > and nothing else', () => {
    expect(escapeText(`<!channel> & "quotes" 'ticks' *bold*`)).toBe(
      `&lt;!channel&gt; &amp; "quotes" 'ticks' *bold*`,
    );
  });

  it('escapes already-escaped text again, so it shows as typed', () => {
    expect(escapeText('&lt;b&gt; &amp;')).toBe('&amp;lt;b&amp;gt; &amp;amp;');
  });

  it('is what the package exports', () => {
    expect(exported).toBe(escapeText);
  });
});

describe('Function: clipEscaped', () => {
  it('keeps text that fits', () => {
    expect(clipEscaped('abc', 3)).toBe('abc');
  });

  it('ends clipped text with an ellipsis within the limit', () => {
    expect(clipEscaped('abcdef', 4)).toBe('abc…');
  });

  it.each([
    ['ab&amp;cd', 5, 'ab…'],
    ['ab&amp;cd', 7, 'ab…'],
    ['ab&amp;cd', 8, 'ab&amp;…'],
    ['a&lt;&gt;', 6, 'a&lt;…'],
    ['a&lt;&gt;', 5, 'a…'],
  ])('never cuts an entity in half: clip(%j, %i) is %j', (text, max, expected) => {
    expect(clipEscaped(text, max)).toBe(expected);
  });

  it('never cuts a surrogate pair in half', () => {
    expect(clipEscaped('a😀b', 3)).toBe('a…');
  });

  it('stays within every limit for every cut position', () => {
    const text = escapeText('<&>'.repeat(20) + '😀'.repeat(5));
    for (let max = 1; max <= text.length; max++) {
      const clipped = clipEscaped(text, max);
      expect(clipped.length).toBeLessThanOrEqual(max);
      expect(clipped.replace(/&(amp|lt|gt);/g, '')).not.toMatch(/&/);
    }
  });
});

describe('Function: codeSpan', () => {
  it('wraps an escaped value in backticks, replacing backticks and line breaks inside', () => {
    expect(codeSpan('a`b\n<@U1>', 100)).toBe('`aˋb &lt;@U1&gt;`');
  });

  it('shows a dash for an empty value instead of an empty span', () => {
    expect(codeSpan('  \n', 100)).toBe('—');
    expect(codeSpan(undefined, 100)).toBe('—');
  });

  it('includes the backticks in the limit', () => {
    expect(codeSpan('x'.repeat(50), 10)).toBe('`xxxxxxx…`');
  });
});
