/* SPDX-License-Identifier: Apache-2.0 */

ALTER TABLE run_args ALTER COLUMN args TYPE TEXT;
