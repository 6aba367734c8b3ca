import type * as Lib from "libphonenumber-js/max";
import { lazyModule } from "../lazy-module";

/**
 * libphonenumber-js with its full metadata, loaded when a number is first parsed or a country looked up
 * (core/lazy-module.ts says why): most processes that import the validation rules never parse a number.
 */
export declare const getCountryCallingCode: typeof Lib.getCountryCallingCode;
export declare const isSupportedCountry: typeof Lib.isSupportedCountry;
export declare const parsePhoneNumberFromString: typeof Lib.parsePhoneNumberFromString;

module.exports = lazyModule((): typeof Lib => require("libphonenumber-js/max"));
