import { parse } from 'dotenv';
import { readFileSync } from 'node:fs';
import { voiceConfig } from '@/config/voice.config.js';
import { vapiNameProblems } from './vapi-names.js';

describe("model names and voice ids against Vapi's SDK", () => {
  it.each(['.env.development', '.env.staging', '.env.production'])('%s names a model and a voice Vapi lists', (file) => {
    const voice = voiceConfig.section.build(parse(readFileSync(file, 'utf8')), 'development');
    expect(vapiNameProblems(voice)).toEqual([]);
  });

  it('the defaults without any setting are names Vapi lists', () => {
    expect(vapiNameProblems(voiceConfig.section.build({}, 'development'))).toEqual([]);
  });

  it("names a model or voice that is not in the provider's list; any name passes where Vapi takes any string", () => {
    const voice = voiceConfig.section.build({}, 'development');
    expect(vapiNameProblems({ ...voice, model: 'gpt-4o-mni' })).toEqual([
      expect.stringMatching(/^VAPI_MODEL "gpt-4o-mni" is not one of the names Vapi lists for openai \(gpt-/),
    ]);
    expect(vapiNameProblems({ ...voice, voiceProvider: 'xai', voiceId: 'Elliot' })).toEqual([
      expect.stringMatching(/^VAPI_VOICE_ID "Elliot" is not one of the names Vapi lists for xai/),
    ]);
    expect(vapiNameProblems({ ...voice, modelProvider: 'openrouter', model: 'any/model-name' })).toEqual([]);
  });
});
