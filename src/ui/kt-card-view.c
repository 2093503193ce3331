/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtCardView shows one card: the question, and on "card.reveal" the
 * answer rendered from markdown by kt-markdown (UI-free, unit-tested)
 * into labels and read-only GtkSourceViews for fenced code, followed by
 * the summary, the notes and the card's source. Every piece of deck text
 * reaches Pango already escaped by kt-markdown, or as plain text.
 *
 * The text is content, not a form: selectable with the mouse but no focus
 * stop, so Tab never lands in it and selects it all. The card as a whole
 * is one focus stop (its scrolled window) where nothing in it is, and the
 * scrolling keys work there; the pages also scroll it with Page Up and
 * Page Down from elsewhere (kt_card_view_scroll()). What kt-markdown
 * leaves out of a long field
 * (see its header) is a "Show the Whole Text…" away, in a KtTextWindow
 * built only then.
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "kt-card-image.h"
#include "kt-card-view.h"
#include "kt-markdown.h"
#include "kt-text-window.h"

/* The breadcrumb above the question, in characters, "…" included. */
#define PLACE_MAX_CHARS 300

struct _KtCardView
{
  GtkWidget    parent_instance;

  KtCard      *card;
  char        *topic_title;
  char        *deck_folder;
  gboolean     revealed;
  GPtrArray   *buffers;         /* GtkSourceBuffers shown now, for the style scheme */

  /* Template Widgets */
  GtkWidget   *scroller;
  GtkLabel    *topic_label;
  GtkLabel    *question_label;
  GtkBox      *question_images;
  GtkWidget   *question_more_button;
  GtkWidget   *reveal_button;
  GtkRevealer *answer_revealer;
  GtkBox      *answer_box;
  GtkWidget   *summary_section;
  GtkBox      *summary_box;
  GtkWidget   *notes_section;
  GtkBox      *notes_box;
  GtkLabel    *source_label;
};

G_DEFINE_FINAL_TYPE (KtCardView, kt_card_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CARD,
  PROP_TOPIC_TITLE,
  PROP_DECK_FOLDER,
  PROP_REVEALED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
scheme_id (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ())
         ? "Adwaita-dark" : "Adwaita";
}

static void
apply_scheme (KtCardView *self)
{
  GtkSourceStyleScheme *scheme;

  /* Loading the schemes costs a start-up without code on screen 10 ms */
  if (self->buffers->len == 0)
    return;

  scheme = gtk_source_style_scheme_manager_get_scheme (gtk_source_style_scheme_manager_get_default (),
                                                       scheme_id ());
  for (guint i = 0; i < self->buffers->len; i++)
    gtk_source_buffer_set_style_scheme (g_ptr_array_index (self->buffers, i), scheme);
}

/* Fence info strings are what people type ("py", "sh"); GtkSourceView
 * ids are its own ("python3", "sh"). Try the id, then guess by extension. */
static GtkSourceLanguage *
language_for_fence (const char *info)
{
  GtkSourceLanguageManager *manager = gtk_source_language_manager_get_default ();
  static const struct { const char *fence, *id; } aliases[] = {
    { "python", "python3" }, { "py", "python3" }, { "python3", "python3" },
    { "bash", "sh" }, { "shell", "sh" }, { "console", "sh" }, { "zsh", "sh" },
    { "yml", "yaml" }, { "javascript", "js" }, { "ts", "typescript" },
    { "c++", "cpp" }, { "rs", "rust" }, { "golang", "go" }, { "md", "markdown" },
  };
  GtkSourceLanguage *language;
  g_autofree char *filename = NULL;

  if (info == NULL || *info == '\0')
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (g_ascii_strcasecmp (info, aliases[i].fence) == 0)
      return gtk_source_language_manager_get_language (manager, aliases[i].id);

  language = gtk_source_language_manager_get_language (manager, info);
  if (language != NULL)
    return language;

  filename = g_strconcat ("code.", info, NULL);
  return gtk_source_language_manager_guess_language (manager, filename, NULL);
}

static GtkWidget *
code_widget (KtCardView    *self,
             const KtBlock *block)
{
  g_autoptr(GtkSourceBuffer) buffer = gtk_source_buffer_new (NULL);
  GtkSourceLanguage *language = language_for_fence (block->language);
  GtkWidget *view, *scroller;

  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), block->code, -1);
  gtk_source_buffer_set_language (buffer, language);
  gtk_source_buffer_set_highlight_syntax (buffer, language != NULL);
  g_ptr_array_add (self->buffers, g_object_ref (buffer));

  view = gtk_source_view_new_with_buffer (buffer);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_source_view_set_tab_width (GTK_SOURCE_VIEW (view), 4);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 10);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 10);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  block->language != NULL
                                  ? block->language : _("Code"),
                                  -1);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller),
                                  GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_widget_add_css_class (scroller, "kt-code");
  gtk_widget_add_css_class (scroller, "card");

  return scroller;
}

static GtkWidget *
text_widget (const char *markup)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* Selectable makes a label a focus stop; text is not one (see top).
   * Not focusable is not enough in GTK 4.8: a selectable label still
   * answers the focus chain, and Tab gets stuck on it. */
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_focusable (label, FALSE);
  gtk_widget_set_can_focus (label, FALSE);

  return label;
}

/* A picture's alt text without its markup, for the picture itself. */
static char *
plain_alt (const char *markup)
{
  char *text = NULL;

  if (!pango_parse_markup (markup, -1, 0, NULL, &text, NULL, NULL))
    return g_strdup ("");

  return text;
}

static GtkWidget *
image_widget (KtCardView    *self,
              const KtBlock *block)
{
  g_autofree char *alt = plain_alt (block->markup);

  return kt_card_image_new (block->url, alt, block->width,
                            kt_card_get_source_path (self->card), self->deck_folder);
}

/* An Obsidian callout's title: its type's icon, then the title. */
static GtkWidget *
callout_widget (const KtBlock *block)
{
  static const struct { const char *type, *icon; } icons[] = {
    { "abstract", "view-list-symbolic" }, { "todo", "checkbox-checked-symbolic" },
    { "tip", "starred-symbolic" }, { "success", "emblem-ok-symbolic" },
    { "question", "dialog-question-symbolic" }, { "warning", "dialog-warning-symbolic" },
    { "failure", "dialog-error-symbolic" }, { "danger", "dialog-error-symbolic" },
    { "bug", "dialog-error-symbolic" }, { "example", "view-list-bullet-symbolic" },
    { "quote", "format-justify-left-symbolic" }, { "info", "dialog-information-symbolic" },
  };
  const char *icon_name = "document-edit-symbolic";
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon, *title;

  for (guint i = 0; i < G_N_ELEMENTS (icons); i++)
    if (g_str_equal (block->callout, icons[i].type))
      icon_name = icons[i].icon;

  icon = gtk_image_new_from_icon_name (icon_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  title = text_widget (block->markup);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), title);
  gtk_widget_add_css_class (box, "kt-callout-title");

  return box;
}

/* "Show the Whole Text…" for a field whose rendering left some out. */
static GtkWidget *
whole_text_button (const char *field)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (_("Show the _Whole Text…"));

  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "card.show-whole-text");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", field);

  return button;
}

static GtkWidget *
block_widget (KtCardView    *self,
              const KtBlock *block)
{
  GtkWidget *widget = NULL;
  guint indent = 0;

  switch (block->kind)
    {
    case KT_BLOCK_PARAGRAPH:
      widget = text_widget (block->markup);
      break;

    case KT_BLOCK_HEADING:
      widget = text_widget (block->markup);
      gtk_widget_add_css_class (widget, block->level <= 2 ? "title-4" : "heading");
      break;

    case KT_BLOCK_LIST_ITEM:
      {
        g_autofree char *marker = block->number >= 0
                                  ? g_strdup_printf ("%d.", block->number)
                                  : g_strdup ("•");
        GtkWidget *bullet = gtk_label_new (marker);

        widget = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
        gtk_widget_set_valign (bullet, GTK_ALIGN_START);
        gtk_widget_add_css_class (bullet, "dim-label");
        gtk_box_append (GTK_BOX (widget), bullet);
        gtk_box_append (GTK_BOX (widget), text_widget (block->markup));
        /* Items sit one step left of the text of their level. */
        indent = 16 * (MIN (block->list_depth, 8) - 1);
      }
      break;

    case KT_BLOCK_CODE:
      widget = code_widget (self, block);
      break;

    case KT_BLOCK_RULE:
      widget = gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);
      break;

    case KT_BLOCK_IMAGE:
      widget = image_widget (self, block);
      break;

    case KT_BLOCK_CALLOUT:
      widget = callout_widget (block);
      break;

    default:
      g_assert_not_reached ();
    }

  /* Blocks continuing a list item line up with the item's text. */
  if (block->kind != KT_BLOCK_LIST_ITEM && block->list_depth > 0)
    indent = 16 * MIN (block->list_depth, 8);
  if (block->quote_depth > 0)
    {
      gtk_widget_add_css_class (widget, "kt-quote");
      indent += 12 * MIN (block->quote_depth, 8);
    }
  /* The callout's type colours its border: kt-callout kt-callout-warning … */
  if (block->callout != NULL)
    {
      g_autofree char *name = g_strconcat ("kt-callout-", block->callout, NULL);

      gtk_widget_add_css_class (widget, "kt-callout");
      gtk_widget_add_css_class (widget, name);
    }
  gtk_widget_set_margin_start (widget, indent);

  return widget;
}

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

/* Fills @box from @markdown, the card's @field; returns whether there
 * was anything to show. */
static gboolean
fill_box (KtCardView *self,
          GtkBox     *box,
          const char *field,
          const char *markdown)
{
  g_autoptr(GPtrArray) blocks = NULL;
  gboolean capped = FALSE;

  clear_box (box);
  if (markdown == NULL || *markdown == '\0')
    return FALSE;

  blocks = kt_markdown_render (markdown, &capped);
  for (guint i = 0; i < blocks->len; i++)
    gtk_box_append (box, block_widget (self, g_ptr_array_index (blocks, i)));
  if (capped)
    gtk_box_append (box, whole_text_button (field));

  return blocks->len > 0;
}

/* The pictures of the question, which its label cannot show; returns
 * whether there are any. */
static gboolean
fill_question_images (KtCardView *self,
                      const char *question)
{
  g_autoptr(GPtrArray) blocks = NULL;
  gboolean any = FALSE;

  clear_box (self->question_images);
  if (question == NULL || strstr (question, "![") == NULL)
    return FALSE;

  blocks = kt_markdown_render (question, NULL);
  for (guint i = 0; i < blocks->len; i++)
    {
      const KtBlock *block = g_ptr_array_index (blocks, i);

      if (block->kind != KT_BLOCK_IMAGE)
        continue;
      gtk_box_append (self->question_images, image_widget (self, block));
      any = TRUE;
    }

  return any;
}

/* Whether @card's deck is a file that can be opened, not bundled. */
static gboolean
has_local_source (KtCard *card)
{
  const char *path = kt_card_get_source_path (card);

  return path != NULL && !g_str_has_prefix (path, "resource://");
}

static void
update_source (KtCardView *self)
{
  const char *path = self->card != NULL ? kt_card_get_source_path (self->card) : NULL;
  g_autofree char *name = NULL;
  g_autofree char *place = NULL;
  g_autofree char *markup = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->source_label), path != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.open-source",
                                 self->card != NULL && has_local_source (self->card));
  if (path == NULL)
    return;

  if (!has_local_source (self->card))
    {
      gtk_label_set_text (self->source_label, _("From a bundled deck"));
      return;
    }

  name = g_path_get_basename (path);
  /* Translators: a card's place in its deck file, like "notes.md:42". */
  place = g_strdup_printf (_("%s:%u"), name, kt_card_get_source_line (self->card));
  /* The file name is data; the link opens it through card.open-source. */
  markup = g_markup_printf_escaped ("<a href=\"card:source\">%s</a>", place);
  gtk_label_set_markup (self->source_label, markup);
}

/* Where the card sits, as a breadcrumb: its topic, the headings that group
 * it in its note, and its own heading unless that is a question, which the
 * card shows anyway ("Programming Patterns › Классические паттерны ›
 * Factory"). */
static char *
place_text (KtCardView *self)
{
  GString *place = g_string_new (self->topic_title);
  const char *parts[2] = { NULL, NULL };

  if (self->card != NULL)
    {
      const char *title = kt_card_get_title (self->card);

      parts[0] = kt_card_get_context (self->card);
      if (title != NULL && !g_str_has_suffix (title, "?") &&
          g_strcmp0 (title, kt_card_get_question (self->card)) != 0)
        parts[1] = title;
    }
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL)
      {
        if (place->len > 0)
          g_string_append (place, " › ");
        g_string_append (place, parts[i]);
      }
  /* A heading can be a whole line of a hostile deck: show its start only,
   * like the fields (see kt_markdown_to_markup()). */
  if (place->len > PLACE_MAX_CHARS &&
      g_utf8_strlen (place->str, PLACE_MAX_CHARS * 4) >= PLACE_MAX_CHARS)
    {
      const char *end = g_utf8_offset_to_pointer (place->str, PLACE_MAX_CHARS - 1);

      g_string_truncate (place, end - place->str);
      g_string_append (place, "…");
    }

  return g_string_free (place, FALSE);
}

static void
update_place (KtCardView *self)
{
  g_autofree char *place = place_text (self);

  gtk_label_set_text (self->topic_label, place);
  gtk_widget_set_visible (GTK_WIDGET (self->topic_label), *place != '\0');
}

static void
kt_card_view_update (KtCardView *self)
{
  gboolean has_card = self->card != NULL;
  g_autofree char *question = NULL;
  gboolean capped = FALSE;

  g_ptr_array_set_size (self->buffers, 0);
  question = kt_markdown_to_markup (has_card ? kt_card_get_question (self->card) : NULL, &capped);
  gtk_label_set_markup (self->question_label, question);
  /* A question may be a picture and nothing else. */
  gtk_widget_set_visible (GTK_WIDGET (self->question_label), *question != '\0');
  gtk_widget_set_visible (GTK_WIDGET (self->question_images),
                          fill_question_images (self, has_card ? kt_card_get_question (self->card) : NULL));
  gtk_widget_set_visible (self->question_more_button, capped);
  update_place (self);

  fill_box (self, self->answer_box, "answer", has_card ? kt_card_get_answer (self->card) : NULL);
  gtk_widget_set_visible (self->summary_section,
                          fill_box (self, self->summary_box, "summary",
                                    has_card ? kt_card_get_summary (self->card) : NULL));
  gtk_widget_set_visible (self->notes_section,
                          fill_box (self, self->notes_box, "notes",
                                    has_card ? kt_card_get_notes (self->card) : NULL));
  apply_scheme (self);

  update_source (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.reveal", has_card && !self->revealed);
}

static void
reveal_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  kt_card_view_set_revealed (KT_CARD_VIEW (widget), TRUE);
}

static void
open_source_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KtCardView *self = KT_CARD_VIEW (widget);
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;

  if (self->card == NULL || kt_card_get_source_path (self->card) == NULL)
    return;

  file = g_file_new_for_commandline_arg (kt_card_get_source_path (self->card));
  uri = g_file_get_uri (file);
  gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (widget)), uri, GDK_CURRENT_TIME);
}

static gboolean
on_source_label_activate_link_cb (KtCardView *self,
                                  const char *uri,
                                  GtkLabel   *label)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "card.open-source", NULL);
  return TRUE;
}

static void
show_whole_text_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  static const struct {
    const char  *field;
    const char *(*get) (KtCard *card);
    const char  *title;
  } fields[] = {
    { "question", kt_card_get_question, N_("Question") },
    { "answer", kt_card_get_answer, N_("Answer") },
    { "summary", kt_card_get_summary, N_("Summary") },
    { "notes", kt_card_get_notes, N_("Notes") },
  };
  KtCardView *self = KT_CARD_VIEW (widget);
  const char *field = g_variant_get_string (parameter, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields) && self->card != NULL; i++)
    {
      const char *text = fields[i].get (self->card);

      if (g_str_equal (field, fields[i].field) && text != NULL)
        {
          GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (widget));

          gtk_window_present (GTK_WINDOW (kt_text_window_new (parent, self->card,
                                                              _(fields[i].title), text)));
          return;
        }
    }
}

static void
on_dark_changed (KtCardView *self)
{
  apply_scheme (self);
}

static void
kt_card_view_dispose (GObject *object)
{
  KtCardView *self = KT_CARD_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_CARD_VIEW);
  g_clear_object (&self->card);
  g_clear_pointer (&self->topic_title, g_free);
  g_clear_pointer (&self->deck_folder, g_free);
  g_clear_pointer (&self->buffers, g_ptr_array_unref);

  G_OBJECT_CLASS (kt_card_view_parent_class)->dispose (object);
}

static void
kt_card_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KtCardView *self = KT_CARD_VIEW (object);

  switch (prop_id)
    {
    case PROP_CARD:        g_value_set_object (value, self->card); break;
    case PROP_TOPIC_TITLE: g_value_set_string (value, self->topic_title); break;
    case PROP_DECK_FOLDER: g_value_set_string (value, self->deck_folder); break;
    case PROP_REVEALED:    g_value_set_boolean (value, self->revealed); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_card_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  KtCardView *self = KT_CARD_VIEW (object);

  switch (prop_id)
    {
    case PROP_CARD:
      kt_card_view_set_card (self, g_value_get_object (value));
      break;

    case PROP_TOPIC_TITLE:
      if (g_strcmp0 (self->topic_title, g_value_get_string (value)) != 0)
        {
          g_free (self->topic_title);
          self->topic_title = g_value_dup_string (value);
          /* Only the place changes: the card's widgets, and the pictures
           * they are loading, stay. */
          update_place (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_DECK_FOLDER:
      if (g_strcmp0 (self->deck_folder, g_value_get_string (value)) != 0)
        {
          g_free (self->deck_folder);
          self->deck_folder = g_value_dup_string (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_REVEALED:
      kt_card_view_set_revealed (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_card_view_class_init (KtCardViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_card_view_dispose;
  object_class->get_property = kt_card_view_get_property;
  object_class->set_property = kt_card_view_set_property;

  properties[PROP_CARD] =
    g_param_spec_object ("card", NULL, NULL, KT_TYPE_CARD,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOPIC_TITLE] =
    g_param_spec_string ("topic-title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Where the card's pictures are looked for (see kt-media.c): set
   * before the card, as it is read when a card is shown. */
  properties[PROP_DECK_FOLDER] =
    g_param_spec_string ("deck-folder", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REVEALED] =
    g_param_spec_boolean ("revealed", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "card.reveal", NULL, reveal_action);
  gtk_widget_class_install_action (widget_class, "card.open-source", NULL, open_source_action);
  gtk_widget_class_install_action (widget_class, "card.show-whole-text", "s", show_whole_text_action);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/kt-card-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KtCardView, scroller);
  gtk_widget_class_bind_template_child (widget_class, KtCardView, topic_label);
  gtk_widget_class_bind_template_child (widget_class, KtCardView, question_label);
  gtk_widget_class_bind_template_child (widget_class, KtCardView, question_images);
  gtk_widget_class_bind_template_child (widget_class, KtCardView, question_more_button);
  gtk_widget_class_bind_template_child (widget_class, KtCardView, reveal_button);
  gtk_widget_class_bind_template_child (widget_class, KtCardView, answer_revealer);
  gtk_widget_class_bind_template_child (widget_class, KtCardView, answer_box);
  gtk_widget_class_bind_template_child (widget_class, KtCardView, summary_section);
  gtk_widget_class_bind_template_child (widget_class, KtCardView, summary_box);
  gtk_widget_class_bind_template_child (widget_class, KtCardView, notes_section);
  gtk_widget_class_bind_template_child (widget_class, KtCardView, notes_box);
  gtk_widget_class_bind_template_child (widget_class, KtCardView, source_label);
  gtk_widget_class_bind_template_callback (widget_class, on_source_label_activate_link_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kt-card-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kt_card_view_init (KtCardView *self)
{
  self->buffers = g_ptr_array_new_with_free_func (g_object_unref);

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_dark_changed), self, G_CONNECT_SWAPPED);
  kt_card_view_update (self);
}

KtCard *
kt_card_view_get_card (KtCardView *self)
{
  g_return_val_if_fail (KT_IS_CARD_VIEW (self), NULL);
  return self->card;
}

/**
 * kt_card_view_set_card:
 *
 * Shows @card with its answer hidden.
 */
void
kt_card_view_set_card (KtCardView *self,
                       KtCard     *card)
{
  g_return_if_fail (KT_IS_CARD_VIEW (self));
  g_return_if_fail (card == NULL || KT_IS_CARD (card));

  if (self->card == card)
    return;

  g_set_object (&self->card, card);
  self->revealed = FALSE;
  gtk_revealer_set_transition_type (self->answer_revealer, GTK_REVEALER_TRANSITION_TYPE_NONE);
  gtk_revealer_set_reveal_child (self->answer_revealer, FALSE);
  gtk_widget_set_visible (self->reveal_button, card != NULL);
  kt_card_view_update (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CARD]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEALED]);
}

gboolean
kt_card_view_get_revealed (KtCardView *self)
{
  g_return_val_if_fail (KT_IS_CARD_VIEW (self), FALSE);
  return self->revealed;
}

void
kt_card_view_set_revealed (KtCardView *self,
                           gboolean    revealed)
{
  g_return_if_fail (KT_IS_CARD_VIEW (self));

  revealed = !!revealed && self->card != NULL;
  if (self->revealed == revealed)
    return;

  self->revealed = revealed;
  gtk_revealer_set_transition_type (self->answer_revealer, GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_revealer_set_reveal_child (self->answer_revealer, revealed);
  gtk_widget_set_visible (self->reveal_button, !revealed && self->card != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.reveal", !revealed && self->card != NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEALED]);
}

/**
 * kt_card_view_focus_main:
 *
 * Moves the focus to "Show Answer" while it is there, else to the card.
 */
void
kt_card_view_focus_main (KtCardView *self)
{
  g_return_if_fail (KT_IS_CARD_VIEW (self));

  if (gtk_widget_get_visible (self->reveal_button))
    gtk_widget_grab_focus (self->reveal_button);
  else
    gtk_widget_grab_focus (self->scroller);
}

/**
 * kt_card_view_scroll:
 * @scroll: how far: %GTK_SCROLL_PAGE_BACKWARD or %GTK_SCROLL_PAGE_FORWARD
 *
 * Scrolls the card by keyboard while the focus is elsewhere, such as on
 * the rating buttons.
 */
void
kt_card_view_scroll (KtCardView    *self,
                     GtkScrollType  scroll)
{
  gboolean handled = FALSE;

  g_return_if_fail (KT_IS_CARD_VIEW (self));

  g_signal_emit_by_name (self->scroller, "scroll-child", scroll, FALSE, &handled);
}
