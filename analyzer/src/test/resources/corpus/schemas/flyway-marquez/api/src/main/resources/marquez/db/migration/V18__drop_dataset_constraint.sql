/* SPDX-License-Identifier: Apache-2.0 */

alter table datasets drop constraint datasets_source_uuid_physical_name_key;
