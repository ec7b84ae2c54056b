"""Learn: segment the items with jieba and extract clause templates, slot-fillers and title parts."""
