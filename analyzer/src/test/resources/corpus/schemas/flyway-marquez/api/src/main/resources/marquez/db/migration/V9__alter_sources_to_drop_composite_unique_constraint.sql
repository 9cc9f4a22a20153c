/* SPDX-License-Identifier: Apache-2.0 */

ALTER TABLE sources DROP CONSTRAINT sources_name_connection_url_key;
