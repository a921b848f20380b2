"""The pages of the main window: the page interface, the forms, the indicator section pages."""
