/** @module epcis/vocab — CBV 2.0 standard vocabularies as the bare words EPCIS 2.0 JSON uses. */

/**
 * The 41 CBV 2.0 business steps, as bare words (`"shipping"`), in the order of the
 * official EPCIS 2.0 JSON Schema. The full URI is `https://ref.gs1.org/cbv/BizStep-<word>`.
 *
 * @category EPCIS
 */
export const BIZ_STEPS = [
  'accepting', 'arriving', 'assembling', 'collecting', 'commissioning', 'consigning',
  'creating_class_instance', 'cycle_counting', 'decommissioning', 'departing', 'destroying',
  'disassembling', 'dispensing', 'encoding', 'entering_exiting', 'holding', 'inspecting',
  'installing', 'killing', 'loading', 'other', 'packing', 'picking', 'receiving', 'removing',
  'repackaging', 'repairing', 'replacing', 'reserving', 'retail_selling', 'shipping',
  'staging_outbound', 'stock_taking', 'stocking', 'storing', 'transporting', 'unloading',
  'unpacking', 'void_shipping', 'sensor_reporting', 'sampling',
] as const;

/**
 * A CBV 2.0 business step bare word.
 * @category EPCIS
 */
export type BizStep = (typeof BIZ_STEPS)[number];

/**
 * The 33 CBV 2.0 dispositions, as bare words (`"in_transit"`). The full URI is
 * `https://ref.gs1.org/cbv/Disp-<word>`.
 *
 * @category EPCIS
 */
export const DISPOSITIONS = [
  'active', 'container_closed', 'damaged', 'destroyed', 'dispensed', 'disposed', 'encoded',
  'expired', 'in_progress', 'in_transit', 'inactive', 'no_pedigree_match', 'non_sellable_other',
  'partially_dispensed', 'recalled', 'reserved', 'retail_sold', 'returned', 'sellable_accessible',
  'sellable_not_accessible', 'stolen', 'unknown', 'available', 'completeness_verified',
  'completeness_inferred', 'conformant', 'container_open', 'mismatch_instance', 'mismatch_class',
  'mismatch_quantity', 'needs_replacement', 'non_conformant', 'unavailable',
] as const;

/**
 * A CBV 2.0 disposition bare word.
 * @category EPCIS
 */
export type Disposition = (typeof DISPOSITIONS)[number];

/**
 * CBV 2.0 business transaction types (`BTT-`).
 * @category EPCIS
 */
export const BIZ_TRANSACTION_TYPES = [
  'bol', 'cert', 'desadv', 'inv', 'pedigree', 'po', 'poc', 'prodorder', 'recadv', 'rma',
  'testprd', 'testres', 'upevt',
] as const;

/** @category EPCIS */
export type BizTransactionType = (typeof BIZ_TRANSACTION_TYPES)[number];

/**
 * CBV 2.0 source/destination types (`SDT-`).
 * @category EPCIS
 */
export const SOURCE_DEST_TYPES = ['owning_party', 'possessing_party', 'location'] as const;

/** @category EPCIS */
export type SourceDestType = (typeof SOURCE_DEST_TYPES)[number];

/**
 * CBV 2.0 error reasons (`ER-`) for an `errorDeclaration`.
 * @category EPCIS
 */
export const ERROR_REASONS = ['did_not_occur', 'incorrect_data'] as const;

/** @category EPCIS */
export type ErrorReason = (typeof ERROR_REASONS)[number];

/**
 * CBV 2.0 sensor-report components (`Comp-`), e.g. the latitude of a location reading.
 * @category EPCIS
 */
export const COMPONENTS = [
  'x', 'y', 'z', 'axial_distance', 'azimuth', 'height', 'spherical_radius', 'polar_angle',
  'elevation_angle', 'easting', 'northing', 'latitude', 'longitude', 'altitude',
] as const;

/** @category EPCIS */
export type Component = (typeof COMPONENTS)[number];

/**
 * GS1 Web Vocabulary sensor alert types (`https://gs1.org/voc/<word>`).
 * @category EPCIS
 */
export const SENSOR_ALERT_TYPES = ['ALARM_CONDITION', 'ERROR_CONDITION'] as const;

/**
 * GS1 Web Vocabulary measurement types a sensor report's `type` may name as a bare word
 * (`"Temperature"` = `https://gs1.org/voc/Temperature`).
 * @category EPCIS
 */
export const MEASUREMENT_TYPES = [
  'AbsoluteHumidity', 'AbsorbedDose', 'AbsorbedDoseRate', 'Acceleration', 'Radioactivity',
  'Altitude', 'AmountOfSubstance', 'AmountOfSubstancePerUnitVolume', 'Angle',
  'AngularAcceleration', 'AngularMomentum', 'AngularVelocity', 'Area', 'Capacitance',
  'Conductance', 'Conductivity', 'Count', 'Density', 'Dimensionless', 'DoseEquivalent',
  'DoseEquivalentRate', 'DynamicViscosity', 'ElectricCharge', 'ElectricCurrent',
  'ElectricCurrentDensity', 'ElectricFieldStrength', 'Energy', 'Exposure', 'Force', 'Frequency',
  'Illuminance', 'Inductance', 'Irradiance', 'KinematicViscosity', 'Length', 'LinearMomentum',
  'Luminance', 'LuminousFlux', 'LuminousIntensity', 'MagneticFlux', 'MagneticFluxDensity',
  'MagneticVectorPotential', 'Mass', 'MassConcentration', 'MassFlowRate', 'MassPerAreaTime',
  'MemoryCapacity', 'MolalityOfSolute', 'MolarEnergy', 'MolarMass', 'MolarVolume', 'Power',
  'Pressure', 'RadiantFlux', 'RadiantIntensity', 'RelativeHumidity', 'Resistance', 'Resistivity',
  'SolidAngle', 'SpecificVolume', 'Speed', 'SurfaceDensity', 'SurfaceTension', 'Temperature',
  'Time', 'Torque', 'Voltage', 'Volume', 'VolumeFlowRate', 'VolumeFraction', 'VolumetricFlux',
  'Wavenumber',
] as const;

/** @category EPCIS */
export type MeasurementType = (typeof MEASUREMENT_TYPES)[number];

/** Base of every CBV 2.0 web-vocabulary URI. */
export const CBV_BASE = 'https://ref.gs1.org/cbv/';
/** Base of the GS1 Web Vocabulary. */
export const GS1_VOC_BASE = 'https://gs1.org/voc/';

const BIZ_STEP_SET: ReadonlySet<string> = new Set(BIZ_STEPS);
const DISPOSITION_SET: ReadonlySet<string> = new Set(DISPOSITIONS);

/**
 * True when `value` is one of the 41 CBV 2.0 business step words.
 *
 * @example
 * ```ts
 * isBizStep('shipping'); // true
 * isBizStep('https://ref.gs1.org/cbv/BizStep-shipping'); // false: that is the URI form
 * ```
 * @category EPCIS
 */
export function isBizStep(value: unknown): value is BizStep {
  return typeof value === 'string' && BIZ_STEP_SET.has(value);
}

/**
 * True when `value` is one of the 33 CBV 2.0 disposition words.
 *
 * @example
 * ```ts
 * isDisposition('in_transit'); // true
 * ```
 * @category EPCIS
 */
export function isDisposition(value: unknown): value is Disposition {
  return typeof value === 'string' && DISPOSITION_SET.has(value);
}

/**
 * The CBV 2.0 web URI of a business step word.
 *
 * @example
 * ```ts
 * bizStepUri('receiving'); // 'https://ref.gs1.org/cbv/BizStep-receiving'
 * ```
 * @category EPCIS
 */
export function bizStepUri(step: BizStep): string {
  return `${CBV_BASE}BizStep-${step}`;
}

/**
 * The CBV 2.0 web URI of a disposition word.
 *
 * @example
 * ```ts
 * dispositionUri('recalled'); // 'https://ref.gs1.org/cbv/Disp-recalled'
 * ```
 * @category EPCIS
 */
export function dispositionUri(disposition: Disposition): string {
  return `${CBV_BASE}Disp-${disposition}`;
}
