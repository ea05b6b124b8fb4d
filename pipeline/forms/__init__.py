"""Knowledge of the official forms and the readers that apply it: the parts and their titles
(classification), form fields and tick boxes, typed records, report outlines and chapters,
required topics, bound volumes."""
