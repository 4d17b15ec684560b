/** @module digital-link/ai-table — GS1 Application Identifier data used by the Digital Link codec (tables only, no logic). */

/*
 * Transcribed from the GS1 Barcode Syntax Dictionary (gs1/gs1-syntax-dictionary,
 * see shared/standards/traceability.md §1.3-1.4). One entry per line:
 *
 *   AI[-AI]  flag  components
 *
 * flag `?` = permitted as a Digital Link data attribute (query string),
 *      `-` = not permitted there (key qualifiers, 8200, ...).
 * components: `N` digits, `X` CSET 82, `Y` CSET 39, `Z` CSET 64 (base64url);
 * `N14` = exactly 14, `X..20` = 1 to 20, `[..]` = optional trailing component;
 * `,name` = value check applied to that component (see linters.ts).
 *
 * Kept: the checks that catch real mistakes (check digits, dates, times).
 * Not applied: country/currency code lists, percent-encoded-text, IBAN,
 * coupon, company-prefix position and similar dictionary linters, and the
 * req=/ex= AI pairing rules, which GS1 says are judged across all carriers on
 * an item, not one link.
 */
export const AI_SPECS = `
00 N18,csum
01 N14,csum
02 N14,csum
03 N14,csum
10 X..20
11-13 N6,yymmd0
15-17 N6,yymmd0
20 N2
21 X..20
22 X..20
235 X..28
240-241 X..30
242 N..6
243 X..20
250-251 X..30
253 N13,csum [X..17]
254 X..20
255 N13,csum [N..12]
30 N..8
37 N..8
3900-3909 N..15
3910-3919 N3 N..15
3920-3929 N..15
3930-3939 N3 N..15
3940-3943 N4
3950-3955 N6
400 X..30
401 X..30
402 N17,csum
403 X..30
410-417 N13,csum
420 X..20
421 N3 X..9
422 N3
423 N3 [N3] [N3] [N3] [N3]
424 N3
425 N3 [N3] [N3] [N3] [N3]
426 N3
427 X..3
4300-4301 X..35
4302-4306 X..70
4307 X2
4308 X..30
4309 N10 N10
4310-4311 X..35
4312-4316 X..70
4317 X2
4318 X..20
4319 X..30
4320 X..35
4321-4323 N1
4324-4325 N6,yymmd0 N4,hhmi
4326 N6,yymmdd
4330-4333 N6 [X1]
7001 N13
7002 X..30
7003 N6,yymmdd N4,hhmi
7004 N..4
7005 X..12
7006 N6,yymmdd
7007 N6,yymmdd [N6],yymmdd
7008 X..3
7009 X..10
7010 X..2
7011 N6,yymmdd [N4],hhmi
7020-7022 X..20
7023 X..30
7030-7039 N3 X..27
7040 N1 X3
7041 X..4
710-717 X..20
7230-7239 X2 X..28
7240 X..20
7241 N2
7242 X..25
7250 N8,yyyymmdd
7251 N8,yyyymmdd N4,hhmi
7252 N1
7253-7254 X..40
7255 X..10
7256 X..90
7257 X..70
7258 X3
7259 X..40
8001 N14
8002 X..20
8003 N1,zero N13,csum [X..16]
8004 X..30
8005 N6
8006 N14,csum N4,pieceoftotal
8007 X..34
8008 N6,yymmdd N2,hh [N2],mi [N2],ss
8009 X..50
8010 Y..30
8011 N..12,nozeroprefix
8012 X..20
8013 X..25,csumalpha
8014 X..25,csumalpha
8017-8018 N18,csum
8019 N..10
8020 X..25
8026 N14,csum N4,pieceoftotal
8030 Z..90
8040-8041 N15
8042 N32
8043 N18 [N..2]
8110 X..70
8111 N4
8112 X..70
8200 X..70
90 X..30
91-99 X..90
`;

/** AIs that GS1 does not permit as Digital Link data attributes (the query string); all others are permitted. */
export const NOT_ATTRIBUTES = ' 03 21 22 235 254 7040 7041 8011 8014 8019 8020 8040-8041 8042 8043 8200 ';

/**
 * Measure AIs (31nn-36nn, N6 with a decimal-point indicator 0-5 as last digit):
 * each three-digit prefix below expands to prefix + 0..5. All are `?` attributes.
 */
export const MEASURE_PREFIXES = '310-316 320-329 330-337 340-349 350-357 360-369';

/**
 * Digital Link primary keys and their key-qualifier sequences (`dlpkey`).
 * Each inner array is one ordered sequence of optional qualifiers; a path uses
 * a subsequence of one of them, never a mix. The sequences are disjoint.
 */
export const PRIMARY_KEYS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  '00': [],
  '01': [['22', '10', '21'], ['235']],
  '253': [],
  '255': [],
  '401': [],
  '402': [],
  '414': [['254'], ['7040']],
  '415': [['8020']],
  '417': [['7040']],
  '8003': [],
  '8004': [['7040']],
  '8006': [['22', '10', '21']],
  '8010': [['8011']],
  '8013': [],
  '8017': [['8019']],
  '8018': [['8019']],
};

/**
 * Constrained canonical form (traceability.md §1.2): per primary key, the
 * qualifiers that identify a finer-grained instance, most specific first.
 * The canonical link keeps only the first one present; keys not listed keep none.
 * `415` (payment slip + reference) is not in the source list: its reference
 * number identifies the slip, so it is kept.
 */
export const CANONICAL_QUALIFIERS: Readonly<Record<string, readonly string[]>> = {
  '01': ['21', '10', '235'],
  '8006': ['21', '10'],
  '414': ['254'],
  '415': ['8020'],
  '8010': ['8011'],
};


/** The reference resolver host; canonical links use it. */
export const GS1_RESOLVER = 'https://id.gs1.org';
