/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kt-obsidian: what Obsidian adds to CommonMark, rewritten into the tree
 * cmark parsed, so that kt-markdown walks one tree: wikilinks become their
 * text, embeds of images become images, ==highlights== and callouts become
 * nodes of their own.
 */
#pragma once

#include <glib.h>
#include <cmark.h>

G_BEGIN_DECLS

void        kt_obsidian_rewrite          (cmark_node *document);

/* What the rewrite left on the nodes. */
gboolean    kt_obsidian_is_highlight     (cmark_node *node);
gboolean    kt_obsidian_is_callout_title (cmark_node *node);
const char *kt_obsidian_callout_type     (cmark_node *node);
guint       kt_obsidian_image_width      (cmark_node *node);

G_END_DECLS
