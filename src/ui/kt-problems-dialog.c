/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtProblemsDialog lists what went wrong in decks and imports, one
 * problem a line ("file:line: message"). A message dialog's body is
 * centred text of any length; a list reads better left-aligned, one
 * problem a paragraph, and scrolls when it is long. The text can be
 * selected, to copy a file name or a line number.
 */
#include "config.h"

#include "kt-problems-dialog.h"

struct _KtProblemsDialog
{
  AdwMessageDialog  parent_instance;

  /* Template Widgets */
  GtkLabel         *list;
};

G_DEFINE_FINAL_TYPE (KtProblemsDialog, kt_problems_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
kt_problems_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KT_TYPE_PROBLEMS_DIALOG);

  G_OBJECT_CLASS (kt_problems_dialog_parent_class)->dispose (object);
}

static void
kt_problems_dialog_class_init (KtProblemsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_problems_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kartoteka/Kartoteka/ui/kt-problems-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KtProblemsDialog, list);
}

static void
kt_problems_dialog_init (KtProblemsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * kt_problems_dialog_new:
 * @heading: what happened, as a heading
 * @problems: one problem a line; plain text, never markup
 *
 * Returns: (transfer floating): the dialog, to present
 */
KtProblemsDialog *
kt_problems_dialog_new (GtkWindow  *parent,
                        const char *heading,
                        const char *problems)
{
  KtProblemsDialog *self = g_object_new (KT_TYPE_PROBLEMS_DIALOG,
                                         "transient-for", parent,
                                         "heading", heading,
                                         NULL);
  g_auto(GStrv) lines = g_strsplit (problems, "\n", -1);
  g_autofree char *text = g_strjoinv ("\n\n", lines);

  gtk_label_set_text (self->list, text);

  return self;
}
