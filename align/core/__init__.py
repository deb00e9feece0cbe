"""The shared kernel of zhen: what every step of the pipeline and both libraries rely on.

Errors, the text and quantity rules, the run-folder records and output folders that zhen
owns. Nothing here imports a model, jieba or FAISS.
"""
