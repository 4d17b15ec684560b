import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  IDENTIFIER_ERROR_CODES,
  REGISTRATION_AUTHORITIES,
  USCC_CHARSET,
  computeOrgCodeCheckChar,
  computeResidentIdCheckChar,
  computeUsccCheckChar,
  generateUscc,
  validateResidentId,
  validateUscc,
  type UsccResult,
} from '@mashang/sdk/uscc';

const standards = readFileSync(new URL('../../../../shared/standards/payment-credit.md', import.meta.url), 'utf8');
const section3 = standards.slice(standards.indexOf('## 3. USCC'), standards.indexOf('## 4. Citizen ID'));
const section4 = standards.slice(standards.indexOf('## 4. Citizen ID'), standards.indexOf('## 5.'));

/** Rows of the "Vectors" table in section 3: code, whether the USCC check passes, the calculated check char. */
const usccVectors = [...section3.matchAll(/^\| `([0-9A-Z]{18})` \|[^|]*\| (PASS|\*\*FAIL\*\* \(calc ([0-9A-Z])\)) \| ok \|$/gm)].map(
  (m) => ({ code: m[1]!, pass: m[2] === 'PASS', expected: m[3] }),
);
const idVectors = [...section4.matchAll(/^- `(\d{17}[\dX])`: .*?\((female|male)\)\. PASS\.$/gm)].map((m) => ({
  id: m[1]!,
  sex: m[2] as 'male' | 'female',
}));

/** Codes from python-stdnum's tests/test_cn_uscc.doctest ("found online and should all be valid"). */
const STDNUM_VALID = `
121200004013590816 91110000600037341L 91110000710926094P 91120224064012553U 911522010783710635
91152201078371135X 911522010783762860 91152201078376307G 91152201078377449P 9115220107837757XE
9115220107837941X1 91152201078382010M 911522010783887624 911522010783897302 911522010783898533
91152201078389925U 9115220107839138X8 911522010783917502 91152201078391769Y 91152201078394644D
91152201078395081D 91152201078395188Q 91152201078397730B 91152201082151522J 91310000631696382C
91310000797046224D 91310112087994932F 913101127033980359 913101145852519045 913101153325803473
91310115MA1K3BTP2B 91310116052958608G 91310116076409427L 913101203509708598 9131012056010553X5
91320214745555318W 913205056082348768 913304007429141869 91340600MA2PBM9HXD 91340600MA2PBMA74B
91340600MA2PBMBL5H 91340600MA2PBMDH5R 91340600MA2PBMQB9E 91340600MA2PBN188W 91340600MA2PBN831R
91340600MA2PBNE723 91340600MA2PBNR24J 91340600MA2PBP2120 91340600MA2PBP6A1W 91340600MA2PBP6D6F
91340600MA2PBPAG69 91340600MA2PENCC7K 91340600MA2PENWF9P 91340600MA2PEP3Y54 91340600MA2PEP518T
91340600MA2PEP7F5B 91340600MA2PEPM918 91340600MA2PERLJ2D 91340600MA2UJY987H 91340600MA2UJYG49B
91340602MA2UJY0D0T 91340602MA2UJY3J9W 91340602MA2UJYD90G 91340603MA2UJXXCXF 91340603MA2UJY1D7L
91340603MA2UJYBQ7Q 91340603MA2UJYN78Q 91340603MA2UJYNU67 91340603MA2UJYUN35 91340604MA2PBQBH3P
91340604MA2PEL1X3M 91340621MA2PBNXR7P 91340621MA2PBPDT1J 91340621MA2PBPLU08 91340621MA2PBPM015
91340621MA2PBPM36P 91340621MA2PBPM608 91340621MA2PBPM870 91340621MA2PELDF2U 91340621MA2PEM704P
91340621MA2PEMUHX8 91340621MA2PEMWN1C 91340621MA2PEN6Q3Y 91340621MA2PEN8W5L 91340621MA2PEP2U6U
91340621MA2PEPJB9F 913505007821784439 91371082775260043P 914112810713741814 91420684MA4927PJ7B
91440300568520498A 9144030071526726XG 9144060573144633XL 91442000696462712R 91620100719023721L
91620105224521729E 91620105325333735M 91620105551270533Y 91620105556273987U 9162010555628132X1
91620105556284969Y 91620105556287545F 91620105566408785F 91620105571627966C 91620105571630591E
9162010558590643X0 91620105585923360D 91620105660017457X 91620105665404165K 91620105670820315R
9162010567592034XQ 91620105686055670F 91620105686057422K 9162010569564942X9 91620105710219971E
91620105719099574H 91620105720233128P 91620105750906995R 91620105750935948X 91620105756558274W
91620105756580826D 91620105767707650L 91620105767728304H 91620105773422168Y 91620105784023285J
91620105789620900B 91620105789634843P 91620105794891756D 91620105L015101280 91620105MA71T4YW8Q
91620105MA73NBBLXE 92340602MA2PBMEM24 92340602MA2PBMG99Q 92340602MA2PBMHF45 92340602MA2PBQAH7E
92340602MA2PEL3T3X 92340602MA2PEL453X 92340602MA2PEL605A 92340602MA2PEL7F4C 92340602MA2PEL8AXA
92340602MA2PEP745R 92340602MA2UK2TH6F 92340602MA2UK33127 92340603MA2PBMCG0U 92340603MA2PBMD304
92340603MA2PBMJB45 92340603MA2PBMN509 92340603MA2PBMQL04 92340603MA2PBMUF7M 92340603MA2PBMYMX1
92340603MA2PBMYN81 92340603MA2PBN161D 92340603MA2PBN17X5 92340603MA2PBN2W0N 92340603MA2PBN508K
92340603MA2PBNDM9R 92340603MA2PBNJA9T 92340603MA2PBNK461 92340603MA2PBNLR0R 92340603MA2PBPB95W
92340603MA2PBQ16XJ 92340603MA2PBQ653D 92340603MA2PBQ7J4K 92340603MA2PBQ7X9E 92340603MA2PBQA912
92340603MA2PBQBC2X 92340603MA2PBQFT7J 92340603MA2PBQGB6M 92340603MA2PBQHB2Y 92340603MA2PBQHD9N
92340603MA2PBQUC3U 92340603MA2PBQX04X 92340603MA2PBQY862 92340603MA2PEL322G 92340603MA2PEL613K
92340603MA2PELAF3Q 92340603MA2PELBT4W 92340603MA2PELD18T 92340603MA2PELE65C 92340603MA2PELFF5B
92340603MA2PELHL72 92340603MA2PELKB4T 92340603MA2PELQK6M 92340603MA2PELUD4A 92340603MA2PEM480D
92340603MA2PEN731K 92340603MA2PEN8A5W 92340603MA2PEN9F2E 92340603MA2PENAP06 92340603MA2PENCQ1M
92340603MA2PEP42XF 92340603MA2PEPBN6L 92340603MA2PEPE82T 92340603MA2PEPM83M 92340603MA2UJXYJ3P
92340603MA2UJY0W68 92340603MA2UJY2M7F 92340603MA2UJY9J74 92340603MA2UJYN358 92340603MA2UJYUM57
92340603MA2UK0CN1M 92340603MA2UK0E06R 92340603MA2UK0KQ72 92340603MA2UK0ME1G 92340603MA2UK0N546
92340603MA2UK0Q026 92340603MA2UK0QX24 92340603MA2UK0T79E 92340603MA2UK1NC4L 92340603MA2UK1PX9B
92340603MA2UK1TD00 92340603MA2UK1UE56 92340603MA2UK2002C 92340603MA2UK215XT 92340603MA2UK23F43
92340603MA2UK26D7B 92340603MA2UK27Y5C 92340603MA2UK28G4G 92340603MA2UK2C171 92340603MA2UK2ECXU
92340603MA2UK2P79U 92340603MA2UK2QAXJ 92340603MA2UK2QT5Q 92340603MA2UK2R393 92340603MA2UK2TA90
92340603MA2UK2TK0D 92340603MA2UK2UE8N 92340603MA2UK2WX6M 92340603MA2UK2XD94 92340603MA2UK2Y09C
92340603MA2UK2YX9A 92340603MA2UK31A3N 92340603MA2UK32C6P 92340603MA2UK37U5G 92340603MA2UK3CP6U
92340603MA2UK3CW3P 92340603MA2UK3D673 92340603MA2UK3DB8B 92340603MA2UK3DF0N 92340603MA2UK3DT5H
92340604MA2PBME53K 92340604MA2PBMQK2P 92340604MA2PBMXF6C 92340604MA2PBN5675 92340604MA2PBNDT64
92340604MA2PBNKM3P 92340604MA2PBNKR4Y 92340604MA2PBNP21L 92340604MA2PBNQNXM 92340604MA2PBNR83C
92340604MA2PBNUL9N 92340604MA2PBNWH99 92340604MA2PBNXH5J 92340604MA2PBP1U3Y 92340604MA2PBP7U1T
92340604MA2PBPHC8R 92340604MA2PBPXJ71 92340604MA2PELFQ53 92340604MA2PEM4L7X 92340604MA2PEM5Q4E
92340604MA2PEMEE34 92340604MA2PENA300 92340604MA2UJYCE59 92340604MA2UJYPN1K 92340604MA2UK0015N
92340604MA2UK03G7D 92340604MA2UK04L4X 92340604MA2UK07529 92340604MA2UK07M1N 92340604MA2UK08Y65
92340604MA2UK0GC73 92340604MA2UK1GD8E 92340604MA2UK2B104 92340621MA2PBKRXXG 92340621MA2PBL318W
92340621MA2PBLW63G 92340621MA2PBLWF76 92340621MA2PBLWK8D 92340621MA2PBLWT1Y 92340621MA2PBLX27E
92340621MA2PBM6286 92340621MA2PBMA318 92340621MA2PBMKK45 92340621MA2PBMNMXM 92340621MA2PBMPF5T
92340621MA2PBMQD5E 92340621MA2PBMUH3D 92340621MA2PBN0KXX 92340621MA2PBN145R 92340621MA2PBN1962
92340621MA2PBN1H1T 92340621MA2PBN4YX0 92340621MA2PBN559X 92340621MA2PBNFH07 92340621MA2PBNGC6A
92340621MA2PBNJ232 92340621MA2PBNTY9Y 92340621MA2PBP431L 92340621MA2PBP4A9L 92340621MA2PBP4T4M
92340621MA2PBQ2QXW 92340621MA2PELD34J 92340621MA2PELFR3H 92340621MA2UJRKE7N 92340621MA2UJRL762
92340621MA2UJT9WXP 92340621MA2UJTCK0M 92340621MA2UJTM785 92340621MA2UJTP42T 92340621MA2UJTQ22E
92340621MA2UJTT13U 92340621MA2UJTTF8R 92340621MA2UJTY74U 92340621MA2UJUR13D 92340621MA2UJUUC21
92340621MA2UJUW4X2 92340621MA2UJW3P2B 92340621MA2UJW4UXQ 92340621MA2UJW690P 92340621MA2UJW703D
92340621MA2UJW8C8Y 92340621MA2UJW9L8W 92340621MA2UJWA961 92340621MA2UJWAE79 92340621MA2UJWBN77
92340621MA2UJWCT2H 92340621MA2UJWE83D 92340621MA2UJWEE2G 92340621MA2UJWFB49 92340621MA2UJWG6X7
92340621MA2UJWGB0J 92340621MA2UJWH58T 92340621MA2UJWQ634 92340621MA2UJWTX37 92340621MA2UJWYPX8
92340621MA2UJX6C8T 92340621MA2UJX968M 92340621MA2UJXB52D 92340621MA2UJXEU6H 92340621MA2UJXF159
92340621MA2UJXGY1G 92340621MA2UJXLD1M 92340621MA2UJY477E 92340621MA2UJYE11E 92340621MA2UJYG57G
92340621MA2UJYJPXJ 92340621MA2UJYLF0U 92340621MA2UJYP62R 92340621MA2UK02XXW 92340621MA2UK08G9K
92340621MA2UK0DA11 92340621MA2UK0DJ5M 92340621MA2UK0G256 92340621MA2UK0GD5H 92340621MA2UK0J08Q
92340621MA2UK0JH77 92340621MA2UK0JX8N 92340621MA2UK0KR5Y 92340621MA2UK1229A 92340621MA2UK14Q89
92340621MA2UK14T2Q 92340621MA2UK1JY92 92340621MA2UK1L38E 92340621MA2UK1MK35 92340621MA2UK1MN8P
92340621MA2UK1PRX7 92340621MA2UK1W97Y 92340621MA2UK22G6N 92340621MA2UK25H3F 92340621MA2UK2BU8B
92340621MA2UK2CD59 92340621MA2UK2EP62 92340621MA2UK2GJXF 92340621MA2UK2Q24Y 92340621MA2UK2XE71
92340621MA2UK2XX21 92340621MA2UK30C35 92340621MA2UK31K58 92340621MA2UK338XJ 92340621MA2UK33Y2M
92340621MA2UK3C369 92340621MA2UK3CE6L 92340621MA2UK3PJXE
`.split(/\s+/).filter(Boolean);

function failure(result: UsccResult) {
  assert.equal(result.valid, false, `expected a failure, got ${JSON.stringify(result)}`);
  return result as Extract<UsccResult, { valid: false }>;
}

/** Valid-by-construction codes: authority/type from the table, a plausible division, any body. */
const validUscc = fc
  .record({
    kind: fc.constantFrom(
      ...Object.entries(REGISTRATION_AUTHORITIES).flatMap(([a, { entityTypes }]) => Object.keys(entityTypes).map((t) => a + t)),
    ),
    division: fc.constantFrom('100000', '110105', '330502', '440300', '650100', '820000'),
    body: fc.string({ unit: fc.constantFrom(...USCC_CHARSET), minLength: 8, maxLength: 8 }),
  })
  .map(({ kind, division, body }) =>
    generateUscc({ registrationAuthority: kind[0]!, entityType: kind[1]!, division, organizationCodeBody: body }),
  );

/** Anything a user might paste: ASCII, full-width, CJK, emoji, lone surrogates. */
const anyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 30 }),
  fc.string({ unit: fc.constantFrom(...`${USCC_CHARSET}IOZSVxX ９Ａ　-`), maxLength: 22 }),
);

describe('validateUscc', () => {
  it('should read the four vectors from the standards file', () => {
    assert.equal(usccVectors.length, 4);
  });

  for (const vector of usccVectors) {
    it(`should ${vector.pass ? 'accept' : 'reject'} standards vector ${vector.code}`, () => {
      const result = validateUscc(vector.code);
      if (vector.pass) {
        assert.equal(result.valid, true, JSON.stringify(result));
      } else {
        // Known non-conforming code: only character 18 is off, so it is reported as overridable.
        const f = failure(result);
        assert.equal(f.code, 'bad_check_char');
        assert.equal(f.position, 18);
        assert.equal(f.expected, vector.expected);
        assert.equal(f.overridable, true);
        assert.match(f.reason, new RegExp(`character 18 .* is '${vector.code[17]}' .* give '${vector.expected}'`));
      }
    });
  }

  it('should split the GB 32100 official example into its parts', () => {
    assert.deepEqual(validateUscc('91350100M000100Y43'), {
      valid: true,
      code: '91350100M000100Y43',
      parts: {
        registrationAuthority: '9',
        entityType: '1',
        division: '350100',
        organizationCode: 'M000100Y4',
        checkChar: '3',
        registrationAuthorityName: '工商',
        entityTypeName: '企业',
      },
    });
  });

  it('should accept the 事业单位 vector and name its entity type', () => {
    const result = validateUscc('121200004013590816');
    assert.ok(result.valid);
    assert.equal(result.parts.entityTypeName, '事业单位');
  });

  it(`should accept all ${STDNUM_VALID.length} python-stdnum test codes`, () => {
    assert.ok(STDNUM_VALID.length >= 200);
    const rejected = STDNUM_VALID.filter((c) => !validateUscc(c).valid);
    assert.deepEqual(rejected, []);
  });

  it('should accept a non-conforming code as nonStandard when allowNonStandard is set', () => {
    const result = validateUscc('91350211M0000XUF46', { allowNonStandard: true });
    assert.ok(result.valid);
    assert.equal(result.nonStandard?.[0]?.code, 'bad_check_char');
    assert.equal(result.nonStandard?.[0]?.expected, 'R');
  });

  it('should normalise case and surrounding whitespace', () => {
    const result = validateUscc('\t 91350100m000100y43\u3000\n');
    assert.ok(result.valid);
    assert.equal(result.code, '91350100M000100Y43');
  });

  it('should reject full-width characters naming the position', () => {
    const f = failure(validateUscc('9135０100M000100Y43'));
    assert.equal(f.code, 'full_width');
    assert.equal(f.position, 5);
    assert.match(f.reason, /full-width/);
    assert.match(f.reason, /全角/);
    assert.match(f.reason, /'0'/);
  });

  it('should count positions in characters, not UTF-16 units', () => {
    const f = failure(validateUscc('😀９1'));
    assert.equal(f.code, 'full_width');
    assert.equal(f.position, 2);
  });

  for (const [input, position, pattern] of [
    ['91350100M0O0100Y43', 11, /'O'.*never use.*type '0'/],
    ['9135010OM000100Y43', 8, /division code and must be digits/],
    ['91350100 M000100Y43', 9, /a space/],
    ['V1350100M000100Y43', 1, /'V'.*never use/],
    ['91350100M000-100Y43', 13, /hyphen/],
  ] as const) {
    it(`should reject ${JSON.stringify(input)} with bad_char at ${position}`, () => {
      const f = failure(validateUscc(input));
      assert.equal(f.code, 'bad_char');
      assert.equal(f.position, position);
      assert.match(f.reason, pattern);
    });
  }

  it('should report bad characters while the code is still being typed', () => {
    const f = failure(validateUscc('91I'));
    assert.equal(f.code, 'bad_char');
    assert.equal(f.position, 3);
  });

  it('should reject wrong lengths and recognise old 15-digit registration numbers', () => {
    assert.equal(failure(validateUscc('9135010')).code, 'bad_length');
    assert.equal(failure(validateUscc('91350100M000100Y431')).code, 'bad_length');
    assert.match(failure(validateUscc('330500000012345')).reason, /15-digit business registration number/);
  });

  it('should reject empty input and non-strings without throwing', () => {
    assert.equal(failure(validateUscc('   ')).code, 'empty');
    assert.equal(failure(validateUscc(undefined as unknown as string)).code, 'bad_type');
    assert.equal(failure(validateUscc(91350100 as unknown as string)).code, 'bad_type');
  });

  it('should flag unknown registration authority and entity type codes as overridable', () => {
    const authority = failure(validateUscc(generateUscc({ registrationAuthority: 'B' })));
    assert.equal(authority.code, 'bad_registration_authority');
    assert.equal(authority.position, 1);
    assert.equal(authority.overridable, true);
    const type = failure(validateUscc(generateUscc({ registrationAuthority: '9', entityType: '4' })));
    assert.equal(type.code, 'bad_entity_type');
    assert.equal(type.position, 2);
    assert.match(type.reason, /expected one of 1, 2, 3/);
  });

  it('should accept the letter authorities A, N and Y from the amended table', () => {
    for (const [a, t] of [['A', '1'], ['N', '2'], ['Y', '1']] as const) {
      assert.ok(validateUscc(generateUscc({ registrationAuthority: a, entityType: t })).valid, a + t);
    }
  });

  it('should flag an implausible division code', () => {
    const f = failure(validateUscc(generateUscc({ division: '990000' })));
    assert.equal(f.code, 'bad_division');
    assert.equal(f.position, 3);
  });

  it('should reject a code whose organization code fails GB 11714 even if character 18 matches', () => {
    const body = '70846113';
    const first17 = `91440300${body}7`; // correct org check char is 6
    const f = failure(validateUscc(first17 + computeUsccCheckChar(first17)));
    assert.equal(f.code, 'bad_org_code');
    assert.equal(f.position, 17);
    assert.equal(f.expected, '6');
    assert.equal(f.overridable, false);
  });

  it('should point at characters 9–17 when a typo there breaks both checks', () => {
    const f = failure(validateUscc('91440300708461186T'));
    assert.equal(f.code, 'bad_check_char');
    assert.equal(f.overridable, false);
    assert.match(f.reason, /characters 9–17/);
  });

  it('should only return documented error codes', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const r = validateUscc(s);
        if (!r.valid) assert.ok(IDENTIFIER_ERROR_CODES.includes(r.code), r.code);
      }),
    );
  });

  it('should accept every generated valid code (property)', () => {
    fc.assert(fc.property(validUscc, (code) => assert.equal(validateUscc(code).valid, true, code)), { numRuns: 500 });
  });

  it('should reject every single-character change to another character of the set (property)', () => {
    fc.assert(
      fc.property(validUscc, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }), (code, i, shift) => {
        const replacement = USCC_CHARSET.charAt((USCC_CHARSET.indexOf(code.charAt(i)) + shift) % 31);
        const changed = code.slice(0, i) + replacement + code.slice(i + 1);
        assert.equal(validateUscc(changed).valid, false, `${code} -> ${changed}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('should never throw on random strings (property)', () => {
    fc.assert(fc.property(anyString, (s) => void validateUscc(s)), { numRuns: 2000 });
  });
});

describe('computeUsccCheckChar / computeOrgCodeCheckChar / generateUscc', () => {
  it('should compute the check characters of the official example', () => {
    assert.equal(computeUsccCheckChar('91350100M000100Y4'), '3');
    assert.equal(computeUsccCheckChar('91350100m000100y4'), '3');
    assert.equal(computeOrgCodeCheckChar('70846113'), '6');
    assert.equal(computeOrgCodeCheckChar('M000100Y'), '4');
  });

  it('should throw RangeError on malformed input', () => {
    assert.throws(() => computeUsccCheckChar('91350100M000100Y'), RangeError);
    assert.throws(() => computeUsccCheckChar('91350100M000100O4'), RangeError);
    assert.throws(() => computeOrgCodeCheckChar('7084611'), RangeError);
    assert.throws(() => generateUscc({ division: '3305' }), /division must be 6 digits/);
    assert.throws(() => generateUscc({ registrationAuthority: 'O' }), RangeError);
    assert.throws(() => generateUscc({ organizationCodeBody: 'SHORT' }), RangeError);
    assert.throws(() => generateUscc({ seed: -1 }), RangeError);
  });

  it('should be deterministic and vary with the seed', () => {
    assert.equal(generateUscc({ seed: 42 }), generateUscc({ seed: 42 }));
    assert.equal(generateUscc({ seed: 42 }), '9133050000BK8WLF6Y');
    assert.notEqual(generateUscc({ seed: 1 }), generateUscc({ seed: 2 }));
    const individual = validateUscc(generateUscc({ entityType: '2', seed: 7 }));
    assert.ok(individual.valid);
    assert.equal(individual.parts.entityTypeName, '个体工商户');
  });
});

describe('validateResidentId', () => {
  const now = new Date('2026-01-01T00:00:00Z');

  it('should read the two vectors from the standards file', () => {
    assert.equal(idVectors.length, 2);
  });

  for (const vector of idVectors) {
    it(`should accept standards vector ${vector.id}`, () => {
      const result = validateResidentId(vector.id, { now });
      assert.ok(result.valid, JSON.stringify(result));
      assert.equal(result.parts.sex, vector.sex);
    });
  }

  it('should split the standard example into its parts and normalise x', () => {
    assert.deepEqual(validateResidentId(' 11010519491231002x ', { now }), {
      valid: true,
      id: '11010519491231002X',
      parts: { division: '110105', birthDate: '1949-12-31', sequence: '002', sex: 'female', checkChar: 'X' },
    });
  });

  it('should accept the standard examples with the real clock', () => {
    assert.ok(validateResidentId('11010519491231002X').valid);
  });

  it('should report a wrong check character with the expected one', () => {
    const r = validateResidentId('110105194912310021', { now });
    assert.ok(!r.valid);
    assert.equal(r.code, 'bad_check_char');
    assert.equal(r.position, 18);
    assert.equal(r.expected, 'X');
  });

  for (const [input, code, position] of [
    ['１10105194912310021', 'full_width', 1],
    ['1101051949X231002X', 'bad_char', 11],
    ['110105-19491231002X', 'bad_char', 7],
    ['110105194912310', 'bad_length', undefined],
    ['11010519491231002X0', 'bad_length', undefined],
    ['990105194912310021', 'bad_division', 1],
    ['110105190002290011', 'bad_birth_date', 13],
    ['110105194913010011', 'bad_birth_date', 11],
    ['110105203001010011', 'birth_date_in_future', 7],
    ['110105187001010011', 'birth_date_too_old', 7],
  ] as const) {
    it(`should reject ${input} with ${code}`, () => {
      const r = validateResidentId(input, { now });
      assert.ok(!r.valid, JSON.stringify(r));
      assert.equal(r.code, code);
      assert.equal(r.position, position);
    });
  }

  it('should throw RangeError for an invalid clock, whatever the input', () => {
    assert.throws(() => validateResidentId('x', { now: new Date('nope') }), /options\.now must be a valid Date/);
  });

  it('should accept 29 February in a leap year and today in China Standard Time', () => {
    const leap = '11010520000229001';
    assert.ok(validateResidentId(leap + computeResidentIdCheckChar(leap), { now }).valid);
    const today = '11010520260101002'; // 2026-01-01 already began in China at 2025-12-31T16:00Z
    const id = today + computeResidentIdCheckChar(today);
    assert.ok(validateResidentId(id, { now: new Date('2025-12-31T16:30:00Z') }).valid);
    assert.equal(validateResidentId(id, { now: new Date('2025-12-31T15:30:00Z') }).valid, false);
  });

  it('should reject every single-digit change (property)', () => {
    const idArb = fc
      .record({
        y: fc.integer({ min: 1900, max: 2025 }),
        m: fc.integer({ min: 1, max: 12 }),
        d: fc.integer({ min: 1, max: 28 }),
        seq: fc.integer({ min: 0, max: 999 }),
      })
      .map(({ y, m, d, seq }) => {
        const first17 = `330502${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
        return first17 + computeResidentIdCheckChar(first17);
      });
    fc.assert(
      fc.property(idArb, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (id, i, shift) => {
        assert.ok(validateResidentId(id, { now }).valid, id);
        const digit = String((Number(id[i]) + shift) % 10);
        assert.equal(validateResidentId(id.slice(0, i) + digit + id.slice(i + 1), { now }).valid, false);
      }),
      { numRuns: 1000 },
    );
  });

  it('should never throw on random strings (property)', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const r = validateResidentId(s, { now });
        if (!r.valid) assert.ok(IDENTIFIER_ERROR_CODES.includes(r.code));
      }),
      { numRuns: 2000 },
    );
  });
});
