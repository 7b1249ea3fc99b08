import { describe, expect, it } from 'vitest';
import { compileUriTemplate, isUriTemplate } from './compile-uri-template.js';

describe('compileUriTemplate', () => {
  it('matches one decoded segment per placeholder', () => {
    const template = compileUriTemplate('sessions://{session_id}/events/{event_id}');
    expect(template.parameters).toEqual(['session_id', 'event_id']);
    expect(template.match('sessions://sesn_1/events/sevt%202')).toEqual({
      session_id: 'sesn_1',
      event_id: 'sevt 2',
    });
    expect(template.match('sessions://sesn_1/events/')).toBeUndefined();
    expect(template.match('sessions://a/b/events/c')).toBeUndefined();
    expect(template.match('sessions://sesn_1/events/%E0%A4%A')).toBeUndefined();
  });

  it('treats the literal parts literally', () => {
    const template = compileUriTemplate('data://x.y/{id}?v=(1)');
    expect(template.match('data://x.y/7?v=(1)')).toEqual({ id: '7' });
    expect(template.match('data://xzy/7?v=(1)')).toBeUndefined();
  });

  it('tells templates from plain URIs', () => {
    expect(isUriTemplate('a://{b}')).toBe(true);
    expect(isUriTemplate('a://b')).toBe(false);
  });
});
